// Subscribe with the graphql-ws client and print each event as one JSON line.
// Usage: node subscribe.mjs URL TOKEN QUERY VARIABLES_JSON COUNT
import { createClient } from "graphql-ws";
import WebSocket from "ws";

const [url, token, query, variables, count] = process.argv.slice(2);
const client = createClient({
  url,
  webSocketImpl: WebSocket,
  connectionParams: { Authorization: `Bearer ${token}` },
  retryAttempts: 0,
});
client.on("connected", () => console.log(JSON.stringify({ connected: true })));

let seen = 0;
const stop = client.subscribe(
  { query, variables: JSON.parse(variables) },
  {
    next: (result) => {
      console.log(JSON.stringify(result));
      seen += 1;
      if (seen >= Number(count)) {
        stop();
        client.dispose();
      }
    },
    error: (error) => {
      console.log(JSON.stringify({ error: String(error?.message ?? error?.reason ?? error) }));
      client.dispose();
      process.exitCode = 1;
    },
    complete: () => client.dispose(),
  },
);
