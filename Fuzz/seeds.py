#!/usr/bin/env python3
"""Writes the seed corpus under Fuzz/corpus/ from valid (and a few invalid) examples in the
repository and small slices of the real price files. Run from the repository root:
    python3 Fuzz/seeds.py [/work/shared/data]
The event-record seeds come from the driver itself: FuzzEventRecord --write-seeds DIR.
Re-running rewrites the same files (names are content hashes)."""
import glob, hashlib, json, os, re, sys

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
data = sys.argv[1] if len(sys.argv) > 1 else "/work/shared/data"
corpus = os.path.join(root, "Fuzz", "corpus")

def put(target, content, name=None):
    if isinstance(content, str):
        content = content.encode()
    folder = os.path.join(corpus, target)
    os.makedirs(folder, exist_ok=True)
    name = name or hashlib.sha1(content).hexdigest()[:16]
    with open(os.path.join(folder, name), "wb") as f:
        f.write(content)

def compact(value):
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))

# NDJSON: every valid example, the invalid ones, and a file mixing them.
examples = os.path.join(root, "Schemas", "examples")
mixed = []
for path in sorted(glob.glob(os.path.join(examples, "valid", "*.ndjson")) + glob.glob(os.path.join(examples, "invalid", "*.ndjson"))):
    content = open(path, "rb").read()
    put("ndjson", content, os.path.basename(path))
    mixed.append(content.splitlines()[0])
put("ndjson", b"\r\n".join(mixed) + b"\r\n", "mixed_crlf.ndjson")
put("ndjson", b"\xef\xbb\xbf" + open(os.path.join(examples, "valid", "interaction_minimal.ndjson"), "rb").read(), "bom.ndjson")

# Price files: the example books, the small replay books and scenarios, and slices of the real
# genai-prices and LiteLLM files (MIT; see /work/shared/data/README.md).
for path in sorted(glob.glob(os.path.join(examples, "*", "price_book_*.json"))):
    put("price-file", open(path, "rb").read(), os.path.basename(path))
for name in ["deepseek.json", "sources.json"]:
    put("price-file", open(os.path.join(root, "Replay", "books", name), "rb").read(), "book_" + name)
for path in sorted(glob.glob(os.path.join(root, "Replay", "books", "*.json"))):
    book = json.load(open(path))
    if "models" in book and len(book["models"]) > 8:
        book["models"] = book["models"][:8]
        put("price-file", compact(book), "book_head_" + os.path.basename(path))
for path in sorted(glob.glob(os.path.join(root, "Replay", "scenarios", "*.json"))):
    content = open(path, "rb").read()
    if len(content) < 4096:
        put("price-file", content, "scenario_" + os.path.basename(path))
genai = json.load(open(os.path.join(data, "genai-prices_v2_data.json")))
keep = {"deepseek": None, "openai": {"gpt-4o", "o3", "gpt-5.6-luna", "gpt-4o-mini"}, "anthropic": {"claude-sonnet-4-5", "claude-haiku-4-5"},
        "google": {"gemini-2.5-pro", "gemini-2.5-flash"}}
for provider in genai:
    if provider.get("id") in keep:
        wanted = keep[provider["id"]]
        sliced = dict(provider)
        sliced["models"] = [m for m in provider["models"] if wanted is None or m.get("id") in wanted][:6]
        put("price-file", compact([sliced]), "genai_" + provider["id"] + ".json")
litellm = json.load(open(os.path.join(data, "litellm_model_prices_and_context_window.json")))
for names in [["sample_spec", "gpt-4o"], ["azure/gpt-4o", "gemini-2.5-pro", "text-embedding-3-small"],
              ["databricks/databricks-claude-sonnet-4-1", "claude-sonnet-4-5", "deepseek/deepseek-chat"]]:
    put("price-file", compact({k: litellm[k] for k in names if k in litellm}), "litellm_" + names[0].replace("/", "_") + ".json")

# SQL: the README's queries, every SELECT in the query and CLI tests, and a few REPL scripts.
statements = set()
for line in open(os.path.join(root, "README.md")):
    m = re.match(r'^\$ tally query "(.*)"$', line.strip())
    if m:
        statements.add(m.group(1))
for path in glob.glob(os.path.join(root, "Tests", "TallyQueryTests", "**", "*.swift"), recursive=True) + \
            glob.glob(os.path.join(root, "Tests", "TallyCLITests", "*.swift")):
    for m in re.finditer(r'"((?:EXPLAIN )?SELECT (?:[^"\\]|\\.){4,400})"', open(path).read()):
        text = m.group(1)
        if "\\(" in text:
            continue  # interpolated
        statements.add(text.replace('\\"', '"').replace("\\n", "\n"))
for text in sorted(statements):
    put("sql", text)
put("sql", ".mode json\n.headers off\nSELECT agent, count(*) FROM agent_days GROUP BY agent;\n.tenant acme\nSELECT * FROM users LIMIT 2;\n.tables\n.schema events\n", "script_modes.sql")
put("sql", ".mode markdown\nSELECT model, sum(cost_usd) FROM whatif.agent_days GROUP BY 1 ORDER BY 2 DESC;\n.mode line\nSELECT * FROM whatif.models LIMIT 1;\n.timer on\nSELECT count(*) FROM events;\n", "script_whatif.sql")
put("sql", "SELECT 1;\nSELECT 'a' || 'b',\n  2 * 3\n;\n-- comment\n/* block */ SELECT NULL;\n.help\n", "script_multiline.sql")
