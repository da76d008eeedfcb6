import { err, ok, type Result } from "@orbt/core";
import type { Role, TokenGrant } from "./index.js";

/** A `tokens:` entry as configured: the secret inline or in a file. */
export type TokenEntry = {
  readonly name: string;
  readonly token?: string;
  readonly tokenFile?: string;
  readonly role: Role;
  readonly hosts?: readonly string[];
};

export type TokenLoadError = { readonly code: "token_file_unreadable"; readonly message: string };

/** Reads each `token_file` (trailing whitespace dropped); an unreadable or empty file is an error naming the entry. */
export async function loadTokenGrants(
  entries: readonly TokenEntry[],
  readTextFile: (path: string) => Promise<string>,
): Promise<Result<TokenGrant[], TokenLoadError>> {
  const grants: TokenGrant[] = [];
  for (const entry of entries) {
    let token = entry.token;
    if (token === undefined && entry.tokenFile !== undefined) {
      try {
        token = (await readTextFile(entry.tokenFile)).trim();
      } catch (cause) {
        const reason = (cause as NodeJS.ErrnoException).code ?? "read failed";
        return err({
          code: "token_file_unreadable",
          message: `token "${entry.name}": cannot read ${entry.tokenFile} (${reason})`,
        });
      }
    }
    if (token === undefined || token === "") {
      return err({ code: "token_file_unreadable", message: `token "${entry.name}": the token is empty` });
    }
    const grant: TokenGrant = { name: entry.name, token, role: entry.role };
    grants.push(entry.hosts === undefined ? grant : { ...grant, hosts: entry.hosts });
  }
  return ok(grants);
}
