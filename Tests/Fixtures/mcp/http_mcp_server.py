#!/usr/bin/env python3
"""A streamable-HTTP MCP server built with the `mcp` Python SDK, for sx's tests: `http_mcp_server.py PORT [json]`
listens on 127.0.0.1:PORT/mcp; `json` answers with JSON bodies instead of SSE streams."""
import sys

try:  # mcp 2.x
    from mcp.server.mcpserver import MCPServer

    server = MCPServer("web")
    v2 = True
except ImportError:  # mcp 1.x
    from mcp.server.fastmcp import FastMCP

    server = FastMCP("web", host="127.0.0.1", port=int(sys.argv[1]), json_response=len(sys.argv) > 2)
    v2 = False


@server.tool()
def add(a: int, b: int) -> int:
    """Adds two whole numbers."""
    return a + b


@server.tool()
def shout(text: str) -> str:
    """Returns the text in capitals."""
    return text.upper()


if v2:
    server.run(transport="streamable-http", host="127.0.0.1", port=int(sys.argv[1]), json_response=len(sys.argv) > 2)
else:
    server.run(transport="streamable-http")
