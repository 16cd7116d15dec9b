// Checks Slack messages as Tandem posts them against Slack's own Block Kit types
// (@slack/types), with the TypeScript compiler: each message must type as an incoming webhook
// body, `{ text, blocks: KnownBlock[] }`, with no property the types do not know.
//
// Usage: node check-slack-message.mjs FILE...   (each FILE one JSON message; exit 1 on any problem)
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const here = dirname(fileURLToPath(import.meta.url));
// Inside end2end/, so that '@slack/types' resolves from its node_modules.
const dir = mkdtempSync(join(here, ".slack-check-"));
const files = process.argv.slice(2).map((path, i) => {
  const message = JSON.parse(readFileSync(path, "utf8"));
  const file = join(dir, `message${i}.ts`);
  writeFileSync(
    file,
    `import type { KnownBlock } from "@slack/types";\n` +
      `export const message: { text: string; blocks: KnownBlock[] } = ${JSON.stringify(message, null, 2)};\n`,
  );
  return { path, file };
});
const program = ts.createProgram(
  files.map((f) => f.file),
  { strict: true, noEmit: true, skipLibCheck: true, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, target: ts.ScriptTarget.ES2022 },
);
const problems = ts.getPreEmitDiagnostics(program);
for (const d of problems) {
  const source = files.find((f) => d.file && d.file.fileName === f.file);
  const text = ts.flattenDiagnosticMessageText(d.messageText, "\n");
  console.log(`${source ? source.path : d.file?.fileName ?? "?"}: ${text}`);
}
rmSync(dir, { recursive: true, force: true });
process.exit(problems.length ? 1 : 0);
