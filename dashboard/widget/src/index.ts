import { ReferrioReferral } from './referral-element';

if (!customElements.get('referrio-referral')) customElements.define('referrio-referral', ReferrioReferral);
