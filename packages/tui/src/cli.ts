import { userInfo } from "node:os";
import { createOrbtClient, openStream } from "@orbt/sdk";
import { Command } from "commander";
import { render } from "ink";
import { createElement } from "react";
import { App } from "./App.js";

const program = new Command("orbt")
  .description("Terminal UI for an Orbt daemon: services, incidents, escalations, knowledge")
  .option("--url <url>", "daemon base URL", "http://127.0.0.1:7070")
  .option("--token <token>", "bearer token (default: $ORBT_TOKEN)")
  .action(async (options: { url: string; token?: string }) => {
    const token = options.token ?? process.env.ORBT_TOKEN;
    const connection = { baseUrl: options.url, ...(token === undefined ? {} : { token }) };
    const client = createOrbtClient(connection);
    const stream = openStream(connection);
    const app = render(createElement(App, { client, stream, operator: userInfo().username }));
    await app.waitUntilExit();
    stream.close();
  });

await program.parseAsync();
