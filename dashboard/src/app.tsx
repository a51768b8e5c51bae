/** Placeholder until the dashboard issue lands: points admins at what works today. */
export function App() {
  return (
    <main class="placeholder">
      <h1>Referrio</h1>
      <p>The admin dashboard is on its way. Until then, everything runs through the API.</p>
      <ul>
        <li>
          <a href="/docs">API reference</a>
        </li>
        <li>
          <a href="/v1/openapi.json">OpenAPI document</a>
        </li>
      </ul>
    </main>
  );
}
