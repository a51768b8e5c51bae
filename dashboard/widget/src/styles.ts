/**
 * Default theme: every color and size is a custom property the shop can set on the element
 * (`referrio-referral { --referrio-accent: #7c3aed }`); text colors meet WCAG AA on the
 * default background (#1f2937 and #4b5563 on white: 14.7:1 and 7.6:1; white on #1d4ed8: 6.7:1).
 */
export const CSS = `
:host{display:block;font-family:var(--referrio-font,inherit);color:var(--referrio-text,#1f2937);--a:var(--referrio-accent,#1d4ed8);--m:var(--referrio-muted,#4b5563);--b:var(--referrio-border,#d1d5db);--r:var(--referrio-radius,8px)}
*{box-sizing:border-box}
.c{background:var(--referrio-background,#fff);border:1px solid var(--b);border-radius:var(--r);padding:var(--referrio-padding,20px);display:grid;gap:16px;max-width:var(--referrio-max-width,640px)}
h2{font-size:1.25em;margin:0}h3{font-size:1em;margin:0 0 6px}p{margin:0}
.m{color:var(--m)}
.l{display:flex;gap:8px;flex-wrap:wrap}
input{flex:1 1 200px;min-width:0;font:inherit;padding:8px 10px;border:1px solid var(--b);border-radius:var(--r);color:inherit;background:transparent}
button,a.s{font:inherit;cursor:pointer;border-radius:var(--r);padding:8px 14px;text-decoration:none;display:inline-flex;align-items:center}
button{background:var(--a);color:var(--referrio-accent-text,#fff);border:1px solid var(--a)}
a.s,button.s{background:transparent;color:var(--a);border:1px solid var(--b)}
button:focus-visible,a:focus-visible,input:focus-visible{outline:3px solid var(--referrio-focus,#f59e0b);outline-offset:2px}
.g{display:grid;grid-template-columns:1fr 132px;gap:16px;align-items:start}
svg{width:132px;height:132px;display:block}
.bar{height:8px;border-radius:4px;background:var(--b);overflow:hidden}.bar>div{height:100%;background:var(--a)}
ul{list-style:none;margin:0;padding:0}li{display:flex;justify-content:space-between;gap:8px;padding:6px 0;border-top:1px solid var(--b)}
.t{font-size:.85em;padding:2px 8px;border-radius:999px;border:1px solid var(--b);white-space:nowrap}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
@media (max-width:480px){.g{grid-template-columns:1fr}svg{margin:auto}}
`;
