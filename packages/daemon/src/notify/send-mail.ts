import type { DeliveryOutcome } from "./delivery-outcome.js";
import type { SendOptions } from "./receiver-kind.js";

export type MailMessage = {
  readonly from: string;
  readonly to: readonly string[];
  readonly subject: string;
  readonly text: string;
};

/** What nodemailer's errors carry beyond a message: its own code, and the SMTP server's reply. */
type SmtpFailure = { readonly code?: string; readonly responseCode?: number; readonly response?: string };

/** The server refused for good: wrong credentials, a rejected address or message. */
const PERMANENT_CODES = new Set(["EAUTH", "EENVELOPE", "EMESSAGE"]);

function classify(err: unknown): DeliveryOutcome {
  const failure = (typeof err === "object" && err !== null ? err : {}) as SmtpFailure;
  const message = err instanceof Error ? err.message : String(err);
  if (failure.responseCode !== undefined) {
    // SMTP's 4xx replies are transient by definition, 5xx permanent.
    const kind = failure.responseCode >= 500 ? "failure" : "retryable";
    return { kind, error: { code: "smtp_status", message: failure.response ?? message } };
  }
  if (failure.code === "ETIMEDOUT") return { kind: "retryable", error: { code: "timeout", message } };
  const kind = PERMANENT_CODES.has(failure.code ?? "") ? "failure" : "retryable";
  return { kind, error: { code: "network", message } };
}

/**
 * The e-mail transport: one SMTP session per message to the server at `smtpUrl`
 * (`smtp://[user:password@]host[:port]`, or `smtps://` for TLS from the start). Never rejects.
 */
export async function sendMail(
  smtpUrl: string,
  message: MailMessage,
  options: SendOptions,
): Promise<DeliveryOutcome> {
  // Loaded on first use: a daemon without an e-mail receiver never pays for the library.
  const { createTransport } = await import("nodemailer");
  const url = new URL(smtpUrl);
  const transport = createTransport({
    host: url.hostname,
    ...(url.port === "" ? {} : { port: Number(url.port) }),
    secure: url.protocol === "smtps:",
    ...(url.username === ""
      ? {}
      : { auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } }),
    connectionTimeout: options.timeoutMs,
    greetingTimeout: options.timeoutMs,
    socketTimeout: options.timeoutMs,
  });
  const aborted = new Promise<DeliveryOutcome>((resolve) => {
    const onAbort = () =>
      resolve({ kind: "retryable", error: { code: "network", message: "aborted before an answer" } });
    if (options.signal.aborted) onAbort();
    else options.signal.addEventListener("abort", onAbort, { once: true });
  });
  const sent = transport
    .sendMail({ from: message.from, to: [...message.to], subject: message.subject, text: message.text })
    .then((): DeliveryOutcome => ({ kind: "success" }), classify);
  try {
    return await Promise.race([sent, aborted]);
  } finally {
    transport.close();
  }
}
