import { useState } from 'preact/hooks';
import { Notice } from '../../components/notice';
import { api, listQuery } from '../../lib/api/endpoints';
import { toCsv } from '../../lib/csv';
import { download } from '../../lib/download';

const HEADER = ['id', 'external_id', 'email', 'name', 'referral_code', 'share_url', 'referred_by', 'visits', 'created_at'];

/** "Export CSV": every user matching the search, 250 a page, as one file. */
export function UserExport({ filters }: { filters: [string, string, string][] }) {
  const [status, setStatus] = useState<string | null>(null);
  const run = async () => {
    setStatus('Exporting…');
    try {
      const rows: unknown[][] = [];
      for (let p = 1; ; p++) {
        const res = await api.users.list(listQuery({ page: p, perPage: 250, order: 'created_at', dir: 'asc', filters }));
        for (const u of res.data) rows.push([u.id, u.external_id, u.email, u.name, u.referral_code, u.share_url, u.referred_by, u.visits, u.created_at]);
        setStatus(`Exporting… ${rows.length} of ${res.meta.total}`);
        if (p >= res.meta.last_page) break;
      }
      download('referrio-users.csv', toCsv(HEADER, rows));
      setStatus(`Exported ${rows.length} users.`);
    } catch (err) {
      setStatus(`Export failed: ${(err as Error).message}`);
    }
  };
  return (
    <>
      <button type="button" onClick={() => void run()}>
        Export CSV
      </button>
      {status && <Notice message={{ kind: status.startsWith('Export failed') ? 'error' : 'ok', text: status }} />}
    </>
  );
}
