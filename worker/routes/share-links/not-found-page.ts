/** What a shopper sees for a share link that leads nowhere and has no fallback. */
export const notFoundPage = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>Link not found</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:32rem;margin:15vh auto;padding:0 1rem;color:#222}h1{font-size:1.4rem}</style>
</head>
<body>
<h1>This link doesn't lead anywhere</h1>
<p>The referral link you followed doesn't exist or is no longer active. Check it with the person who shared it.</p>
</body>
</html>
`;
