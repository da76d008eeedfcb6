export { App, type AppProps } from "./App.js";
export type { TuiClient, TuiStream } from "./tui-ports.js";
