"""How fast `bite serve` lists code actions, and how much memory it holds idle and with the model loaded.

    python bench/server_latency.py [--lines 5000] [--requests 300] [--no-model]

For each language: a generated file of about 5,000 lines, opened in the server over stdio; then
codeAction requests at random lines, (a) on an unchanged document (the tree is cached per version)
and (b) each right after an edit (a space typed at the end of a random line: an incremental parse). Goal: p99 <= 20 ms. Then the server's resident
memory idle, and after `bite.loadModel` loads the default model (skipped when it is not pulled).
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from lsprotocol import types
from pygls.lsp.client import LanguageClient

GOAL_MS = 20.0


def big_file(language: str, lines: int) -> tuple[str, str]:
    """(file name, source) of about `lines` lines of small functions."""
    n = lines // 5
    if language == "python":
        body = "".join(f"def f{i}(x):\n    y = x + {i}\n    z = y * 2\n    return z\n\n" for i in range(n))
        return "big.py", body
    if language in ("c", "cpp"):
        body = "".join(f"int f{i}(int x) {{\n    int y = x + {i};\n    return y * 2;\n}}\n\n" for i in range(n))
        return f"big.{language}", body + "int main(void) { return f0(1) == 2 ? 0 : 1; }\n"
    if language == "go":
        body = "".join(f"func f{i}(x int) int {{\n\ty := x + {i}\n\treturn y * 2\n}}\n\n" for i in range(n))
        return "big.go", "package main\n\n" + body + "func main() {}\n"
    if language == "java":
        body = "".join(f"    static int f{i}(int x) {{\n        int y = x + {i};\n        return y * 2;\n    }}\n\n"
                       for i in range(n))  # fmt: skip
        return "Big.java", "class Big {\n" + body + "    public static void main(String[] a) {}\n}\n"
    raise ValueError(language)


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def code_action(client: LanguageClient, uri: str, line: int) -> float:
    at = types.Position(line, 4)
    started = time.perf_counter()
    await client.text_document_code_action_async(types.CodeActionParams(
        types.TextDocumentIdentifier(uri), types.Range(at, at), types.CodeActionContext(diagnostics=[])))  # fmt: skip
    return (time.perf_counter() - started) * 1e3


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lines", type=int, default=5000)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--no-model", action="store_true", help="skip the memory figure with the model loaded")
    args = parser.parse_args()
    rng = random.Random(0)
    client = LanguageClient("bench", "1")
    await client.start_io(sys.executable, "-m", "bite", "serve")
    pid = client._server.pid
    await client.initialize_async(types.InitializeParams(capabilities=types.ClientCapabilities()))
    client.initialized(types.InitializedParams())
    await asyncio.sleep(0.5)
    idle = rss_mib(pid)
    print(f"{'language':<8} {'lines':>6} {'cached p50':>11} {'cached p99':>11} {'edited p50':>11} {'edited p99':>11}")
    worst = 0.0
    with tempfile.TemporaryDirectory() as folder:
        for language in ("python", "c", "cpp", "go", "java"):
            name, source = big_file(language, args.lines)
            path = Path(folder) / name
            path.write_text(source)
            uri, total = path.as_uri(), source.count("\n")
            client.text_document_did_open(types.DidOpenTextDocumentParams(
                types.TextDocumentItem(uri, language, 1, source)))  # fmt: skip
            await code_action(client, uri, 1)  # the first listing parses
            cached = [await code_action(client, uri, rng.randrange(total)) for _ in range(args.requests)]
            edited, lines = [], source.split("\n")
            for version in range(2, 2 + args.requests // 5):
                line = rng.randrange(total)  # type a space at the end of a line
                end = types.Position(line, len(lines[line]))
                lines[line] += " "
                client.text_document_did_change(types.DidChangeTextDocumentParams(
                    types.VersionedTextDocumentIdentifier(version, uri),
                    [types.TextDocumentContentChangePartial(types.Range(end, end), " ")]))  # fmt: skip
                edited.append(await code_action(client, uri, rng.randrange(total)))
            p50, p99 = statistics.median(cached), percentile(cached, 0.99)
            e50, e99 = statistics.median(edited), percentile(edited, 0.99)
            worst = max(worst, p99, e99)
            print(f"{language:<8} {total:>6} {p50:>9.2f}ms {p99:>9.2f}ms {e50:>9.2f}ms {e99:>9.2f}ms")
    print(f"worst p99 {worst:.2f} ms against a goal of {GOAL_MS:.0f} ms: ratio {worst / GOAL_MS:.2f} "
          f"({'met' if worst <= GOAL_MS else 'NOT met'})")
    print(f"server memory idle (after listing the files above): {rss_mib(pid):.0f} MiB (right after start: {idle:.0f} MiB)")
    if not args.no_model:
        from bite.models import DEFAULT_MODEL, installed

        if any(name == DEFAULT_MODEL and state.startswith("ok") for name, _, state in installed()):
            started = time.perf_counter()
            state = await client.workspace_execute_command_async(types.ExecuteCommandParams("bite.loadModel"))
            print(f"server memory with {DEFAULT_MODEL} loaded: {rss_mib(pid):.0f} MiB "
                  f"(load took {time.perf_counter() - started:.1f} s; model state: {state})")
        else:
            print(f"{DEFAULT_MODEL} is not pulled: run `bite model pull` for the loaded-model figure")
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()


if __name__ == "__main__":
    asyncio.run(main())
