// The repository's files as the registry reads them: in the working tree or at a git revision.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { RegistryInputError } from "./input.ts";

/** Files of the repository, in the working tree or at a git revision; null for a file that is not there. */
export interface FileSource {
  read(path: string): string | null;
  /** Names of the files in a directory that end with the extension. */
  list(directory: string, extension: string): string[];
}

export function workingTree(root: string): FileSource {
  return {
    read: (path) => (existsSync(join(root, path)) ? readFileSync(join(root, path), "utf8") : null),
    list: (directory, extension) =>
      existsSync(join(root, directory)) ? readdirSync(join(root, directory)).filter((name) => name.endsWith(extension)).sort() : [],
  };
}

/** Read-only: `git show` and `git ls-tree` at the revision. */
export function gitRevision(root: string, revision: string): FileSource {
  const git = (...args: string[]) => execFileSync("git", args, { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
  try {
    git("rev-parse", "--verify", "--quiet", `${revision}^{commit}`);
  } catch {
    throw new RegistryInputError(`${revision} is not a git revision here (in CI, fetch it first)`);
  }
  const orNull = (read: () => string) => {
    try {
      return read();
    } catch {
      return null;
    }
  };
  return {
    read: (path) => orNull(() => git("show", `${revision}:${path}`)),
    list: (directory, extension) =>
      (orNull(() => git("ls-tree", "--name-only", `${revision}:${directory}`)) ?? "")
        .split("\n")
        .filter((name) => name.endsWith(extension))
        .sort(),
  };
}
