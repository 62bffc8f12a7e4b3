// Starts GraphiQL from the assets this server serves itself (no CDN), with the settings the
// page embeds: the endpoint, the editor's first query and, in development only, the demo
// runner's Authorization header.
(function () {
  "use strict";
  const config = JSON.parse(document.getElementById("cadence-graphiql-config").textContent);
  const httpUrl = new URL(config.endpoint, window.location.href);
  const wsUrl = new URL(httpUrl);
  wsUrl.protocol = httpUrl.protocol === "https:" ? "wss:" : "ws:";
  const fetcher = GraphiQL.createFetcher({
    url: httpUrl.toString(),
    subscriptionUrl: wsUrl.toString(),
  });
  const query = new URLSearchParams(window.location.search).get("q") || config.query;
  const headers = config.headers ? JSON.stringify(config.headers, null, 2) : undefined;
  ReactDOM.createRoot(document.getElementById("graphiql")).render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      defaultQuery: query,
      query: query,
      headers: headers,
      defaultHeaders: headers,
      isHeadersEditorEnabled: true,
      // The development token is handed out afresh on every load; never keep it in storage.
      shouldPersistHeaders: false,
      defaultEditorToolsVisibility: headers ? "headers" : false,
    }),
  );
})();
