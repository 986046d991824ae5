"""bite.server: `bite serve`, the language server (pygls). Protocol glue only.

lsp.py speaks LSP: code actions, commands, progress, cancellation, versioned edits.
jobs.py keeps the state between requests and runs the engine (bite.treegen, bite.runners) on threads.
"""
