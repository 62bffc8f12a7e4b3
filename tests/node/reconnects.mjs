// How the graphql-ws client reacts to a refused connection: how many times it connects (with
// up to 3 retries) and the close it ends on. Usage: node reconnects.mjs URL TOKEN
import { createClient } from "graphql-ws";
import WebSocket from "ws";

const [url, token] = process.argv.slice(2);
let connects = 0;
let paramsAsked = 0;
const client = createClient({
  url,
  webSocketImpl: WebSocket,
  connectionParams: () => {
    paramsAsked += 1;
    return { Authorization: `Bearer ${token}` };
  },
  retryAttempts: 3,
  retryWait: async () => {},
});
client.on("connecting", () => {
  connects += 1;
});
client.subscribe(
  { query: "subscription { activityImported { activity { id } } }" },
  {
    next: () => {},
    error: (error) => {
      console.log(JSON.stringify({ connects, paramsAsked, code: error?.code, reason: error?.reason }));
      client.dispose();
    },
    complete: () => client.dispose(),
  },
);
