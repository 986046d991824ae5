// Bundles the extension into out/extension.js (vscode stays external) and builds out/logic.js for the
// unit tests. --production minifies without source maps, for the .vsix.
import * as esbuild from "esbuild";

const production = process.argv.includes("--production");
const common = {
  bundle: true, platform: "node", format: "cjs", target: "node20",
  sourcemap: !production, minify: production, logLevel: "warning",
};
await Promise.all([
  esbuild.build({ ...common, entryPoints: ["src/extension.ts"], outfile: "out/extension.js", external: ["vscode"] }),
  esbuild.build({ ...common, entryPoints: ["src/logic.ts"], outfile: "out/logic.js" }),
]);
