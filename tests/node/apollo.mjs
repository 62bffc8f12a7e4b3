// Apollo Client 4 against the API, printing what happened as one JSON line per step.
// Usage: node apollo.mjs apq URL TOKEN QUERY (POST|GET)
//        node apollo.mjs subscribe URL TOKEN QUERY VARIABLES_JSON
import { createHash } from "node:crypto";
import { ApolloClient, ApolloLink, HttpLink, InMemoryCache, gql } from "@apollo/client";
import { PersistedQueryLink } from "@apollo/client/link/persisted-queries";
import { GraphQLWsLink } from "@apollo/client/link/subscriptions";
import { createClient } from "graphql-ws";
import WebSocket from "ws";

const [mode, url, token, query, extra] = process.argv.slice(2);
const authorization = `Bearer ${token}`;

async function persistedQueries(method) {
  const requests = [];
  const recordingFetch = async (input, init) => {
    const response = await fetch(input, init);
    const sent = init.method === "GET" ? new URL(String(input)).searchParams.get("query") : JSON.parse(init.body).query;
    requests.push({ method: init.method, sentQuery: Boolean(sent), status: response.status });
    return response;
  };
  const link = ApolloLink.from([
    new PersistedQueryLink({
      sha256: (text) => createHash("sha256").update(text).digest("hex"),
      useGETForHashedQueries: method === "GET",
    }),
    new HttpLink({ uri: url, fetch: recordingFetch, headers: { authorization } }),
  ]);
  const client = new ApolloClient({ link, cache: new InMemoryCache() });
  const first = await client.query({ query: gql(query), fetchPolicy: "network-only" });
  const second = await client.query({ query: gql(query), fetchPolicy: "network-only" });
  console.log(JSON.stringify({ requests, first: first.data, second: second.data, error: first.error ?? null }));
}

async function subscribe(variables) {
  const wsClient = createClient({
    url: url.replace(/^http/, "ws"),
    webSocketImpl: WebSocket,
    connectionParams: { Authorization: authorization },
    retryAttempts: 0,
  });
  wsClient.on("connected", () => console.log(JSON.stringify({ connected: true })));
  const client = new ApolloClient({ link: new GraphQLWsLink(wsClient), cache: new InMemoryCache() });
  const subscription = client.subscribe({ query: gql(query), variables }).subscribe({
    next: (result) => {
      console.log(JSON.stringify(result));
      subscription.unsubscribe();
      wsClient.dispose();
    },
    error: (error) => {
      console.log(JSON.stringify({ error: String(error?.message ?? error) }));
      wsClient.dispose();
      process.exitCode = 1;
    },
  });
}

if (mode === "apq") {
  await persistedQueries(extra);
} else if (mode === "subscribe") {
  await subscribe(JSON.parse(extra));
} else {
  console.error(`unknown mode ${mode}`);
  process.exitCode = 2;
}
