#!/bin/sh
# schema_check.sh BIN — scenarios/scenario.schema against the loader,
# with a real JSON Schema validator (Debian's python3-jsonschema, draft
# 2020-12; tools/bootstrap.sh installs it):
#   - the schema is itself a valid schema of the draft it names;
#   - every shipped scenarios/*.json is valid under it and runs (BIN run);
#   - every enum of the schema is the program's list: OS profile ids
#     (BIN profiles --format json), assumption keys (the "assumptions" of
#     BIN run --format json), process kinds, object types, `which` and
#     heap_fit (the lists the loader's error messages give); each value of
#     either side makes a scenario that both the loader and the schema
#     accept (one scenario per OS profile id, per kind, ...);
#   - every step action of the schema makes a minimal scenario both accept,
#     each key the schema allows for an action the loader allows too, and
#     each key of another action it rejects; the same for the top-level,
#     registry, sessions and object-list keys;
#   - a few inputs the loader rejects (unknown key, unknown profile) the
#     schema rejects too.
# Prints one line per failure and closes with "schema: N passed, M failed";
# exits 1 on any failure, 2 on bad usage or when the validator is missing.
if [ $# -ne 1 ] || [ ! -x "$1" ]; then
    echo "usage: sh tests/schema_check.sh BUILD/dheapsim" >&2; exit 2
fi
BIN=$1
# The schema: scenarios/scenario.schema (not .json, so that
# scenarios/*.json are the scenarios alone).
SCHEMA=${SCHEMA:-scenarios/scenario.schema}
SCENARIOS=${SCENARIOS:-scenarios}
# Debian's interpreter first: another python3 on PATH (a pyenv, a venv)
# may lack the module or carry another version of it.
py=""
for c in /usr/bin/python3 python3; do
    if command -v "$c" >/dev/null 2>&1 &&
       "$c" -c 'import jsonschema.validators' 2>/dev/null; then py=$c; break; fi
done
if [ -z "$py" ]; then
    echo "schema: python3 with the jsonschema module is not installed" \
         "(tools/bootstrap.sh installs python3-jsonschema)" >&2
    echo "schema: 0 passed, 1 failed"
    exit 2
fi
T=$(mktemp -d "${TMPDIR:-/tmp}/schema.XXXXXX") || exit 2
trap 'rm -rf "$T"' EXIT
"$py" - "$BIN" "$SCHEMA" "$SCENARIOS" "$T" <<'EOF'
import copy, glob, json, os, re, subprocess, sys
import jsonschema
from jsonschema import validators

BIN, SCHEMA, SCENARIOS, TMP = sys.argv[1:5]
passed = failed = 0
def ok():
    global passed; passed += 1
def bad(what, why):
    global failed; failed += 1
    print("FAIL schema: %s: %s" % (what, why))
def check(cond, what, why):
    ok() if cond else bad(what, why)
def crashed(kind, err, tb):          # an exception still closes the count
    import traceback
    traceback.print_exception(kind, err, tb)
    print("FAIL schema: this script stopped: %s" % err)
    print("schema: %d passed, %d failed" % (passed, failed + 1))
sys.excepthook = crashed

def version():
    try:
        from importlib import metadata
        return metadata.version("jsonschema")
    except Exception:
        return getattr(jsonschema, "__version__", "?")

schema = json.load(open(SCHEMA))
cls = validators.validator_for(schema, default=None)
if cls is None:
    bad(SCHEMA, "the validator knows no draft %r" % schema.get("$schema"))
    print("schema: %d passed, %d failed" % (passed, failed)); sys.exit(1)
try:
    cls.check_schema(schema); ok()
except jsonschema.exceptions.SchemaError as e:
    bad(SCHEMA, "not a valid %s schema: %s" % (cls.__name__, e.message))
    print("schema: %d passed, %d failed" % (passed, failed)); sys.exit(1)
V = cls(schema)
print("schema: %s with jsonschema %s (%s)" % (SCHEMA, version(), cls.__name__))

def schema_errors(doc):
    return ["%s: %s" % ("/".join(str(p) for p in e.absolute_path) or "$",
                        e.message) for e in V.iter_errors(doc)]

n_files = 0
def loader(doc):
    """(exit status, stderr) of BIN run on doc written to a file."""
    global n_files
    n_files += 1
    path = os.path.join(TMP, "s%d.json" % n_files)
    with open(path, "w") as f:
        json.dump(doc, f, indent=1)
    r = subprocess.run([BIN, "run", path], stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE, universal_newlines=True)
    return r.returncode, r.stderr.strip()

def both_accept(what, doc):
    rc, err = loader(doc)
    check(rc == 0, what, "the loader rejects it (exit %d): %s" % (rc, err))
    errs = schema_errors(doc)
    check(not errs, what, "the schema rejects it: %s" % "; ".join(errs[:3]))

def both_reject(what, doc, word):
    rc, err = loader(doc)
    check(rc == 2 and word in err, what,
          "the loader should reject it with %r (exit %d: %s)" % (word, rc, err))
    check(schema_errors(doc), what, "the schema accepts what the loader rejects")

def same_set(what, program, in_schema):
    for v in sorted(set(program) - set(in_schema), key=str):
        bad(what, "%r is in the program's list, not in the schema" % (v,))
    for v in sorted(set(in_schema) - set(program), key=str):
        bad(what, "%r is in the schema, not in the program's list" % (v,))
    if set(program) == set(in_schema):
        ok()

def listed(err, pattern):
    """The values an error message lists: 'unknown X 'q' (a, b or c)'."""
    m = re.search(pattern, err)
    if not m:
        return None
    return [v for v in re.split(r", | or ", m.group(1)) if v]

def base(os_id="win2003-x86", steps=None, **top):
    d = {"name": "schema check", "source": "tests/schema_check.sh",
         "os": os_id, "steps": steps if steps is not None else
         [{"action": "snapshot", "label": "end"}]}
    d.update(top)
    return d

P = schema["properties"]
DEFS = schema["$defs"]
branches = {b["properties"]["action"]["const"]: b
            for b in DEFS["member"]["oneOf"] + DEFS["step"]["oneOf"][1:]}

# 1. The shipped scenarios.
for f in sorted(glob.glob(os.path.join(SCENARIOS, "*.json"))):
    if os.path.samefile(f, SCHEMA) or "schema" in os.path.basename(f):
        continue                     # the schema itself, while it is .json
    doc = json.load(open(f))
    errs = schema_errors(doc)
    check(not errs, f, "the schema rejects it: %s" % "; ".join(errs[:3]))
    r = subprocess.run([BIN, "run", f], stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE, universal_newlines=True)
    check(r.returncode == 0, f, "BIN run exit %d: %s" % (r.returncode,
                                                       r.stderr.strip()))

# 2. OS profiles: one scenario per id the program lists.
r = subprocess.run([BIN, "profiles", "--format", "json"],
                   stdout=subprocess.PIPE, universal_newlines=True)
ids = [p["id"] for p in json.loads(r.stdout)["profiles"]]
check(r.returncode == 0 and ids, "profiles", "BIN profiles --format json")
same_set("os (profiles)", ids, P["os"]["enum"])
for i in ids:
    both_accept("os %s" % i, base(i))
for i in P["os"]["enum"]:
    if i not in ids:
        both_accept("os %s (schema only)" % i, base(i))
both_reject("os nope", base("nope"), "unknown OS profile")

# 3. Assumptions: the keys the program prints, each with its default value.
r = subprocess.run([BIN, "run", os.path.join(SCENARIOS,
                    "seed-win2003-session0.json"), "--format", "json"],
                   stdout=subprocess.PIPE, universal_newlines=True)
defaults = json.loads(r.stdout)["config"]["assumptions"]
akeys = [k for k in P["assumptions"]["properties"] if k != "comment"]
same_set("assumptions (keys)", list(defaults), akeys)
for k, v in defaults.items():
    if isinstance(v, str) and re.fullmatch(r"0x[0-9a-fA-F]+", v):
        v = int(v, 16)               # first_logon_luid prints in hex
    both_accept("assumptions.%s = %r" % (k, v), base(assumptions={k: v}))
both_accept("assumptions.comment", base(assumptions={"comment": "c"}))
both_reject("assumptions.nope", base(assumptions={"nope": 1}),
            "unknown assumption 'nope'")
# heap_fit: the names the loader lists, and the schema's aliases.
rc, err = loader(base(assumptions={"heap_fit": "zzz"}))
fits = re.findall(r'"([a-z_]+)"', err.split("heap_fit is", 1)[-1])
check(fits, "heap_fit", "no list in the loader's message: %s" % err)
hf = P["assumptions"]["properties"]["heap_fit"]
hf_values = [v for alt in hf.get("oneOf", [hf]) for v in alt.get("enum", [])]
for v in fits:
    check(v in hf_values, "heap_fit %s" % v,
          "the loader names it, the schema lacks it")
for v in hf_values:
    both_accept("heap_fit %r" % (v,), base(assumptions={"heap_fit": v}))
# Its numbers (the loader's message names none): the same ones both ways.
for v in range(-1, 6):
    doc = base(assumptions={"heap_fit": v})
    rc, err = loader(doc)
    check((rc == 0) == (not schema_errors(doc)), "heap_fit %d" % v,
          "the loader %s it, the schema %s it" %
          ("accepts" if rc == 0 else "rejects",
           "rejects" if schema_errors(doc) else "accepts"))

# 4. Steps: a minimal scenario per action, prerequisite steps first.
svc = {"action": "start_service", "name": "svc", "account": "LocalSystem"}
proc = {"action": "start_process", "name": "p", "session": 0, "kind": "gui"}
desk = {"action": "create_desktop", "session": 0, "station": "WinSta0",
        "name": "D"}
templates = {
    "logon_session": [{"action": "logon_session", "session": 1}],
    "logoff_session": [{"action": "logon_session", "session": 1},
                       {"action": "logoff_session", "session": 1}],
    "start_service": [svc],
    "stop_service": [svc, {"action": "stop_service", "name": "svc"}],
    "start_process": [proc],
    "start_task": [{"action": "start_task", "name": "t"}],
    "stop_process": [proc, {"action": "stop_process", "name": "p"}],
    "create_windows": [proc, {"action": "create_windows", "process": "p"}],
    "destroy_windows": [proc, {"action": "create_windows", "process": "p"},
                        {"action": "destroy_windows", "process": "p"}],
    "churn_windows": [proc, {"action": "churn_windows", "process": "p",
                             "leak_bytes": 16}],
    "create_objects": [proc, {"action": "create_objects", "process": "p",
                              "objects": [{"type": "window"}]}],
    "create_desktop": [desk],
    "close_desktop": [desk, {"action": "close_desktop", "session": 0,
                             "station": "WinSta0", "name": "D"}],
    "charge": [{"action": "charge", "session": 0,
                "desktop": "WinSta0\\Default", "kb": 1}],
    "snapshot": [{"action": "snapshot", "label": "s"}],
    "start_app_pool": [{"action": "start_app_pool", "name": "w3wp",
                        "account": "pool", "kind": "w3wp"}],
    "unit": [svc, {"action": "unit", "label": "u", "count": 2,
                   "steps": [{"action": "start_process", "name": "w",
                              "parent": "svc"}]}],
}
for a in sorted(set(branches) - set(templates)):
    bad("action %s" % a, "in the schema, but this script has no template "
        "for it: add one to tests/schema_check.sh")
for a in sorted(set(templates) - set(branches)):
    bad("action %s" % a, "the loader runs it (a template here), the schema "
        "lacks it")
everything = []
for a, steps in templates.items():
    both_accept("action %s" % a, base(steps=steps))
    everything += [s for s in steps if s not in everything]
both_accept("every action in one scenario", base(steps=everything))
both_reject("action nope", base(steps=[{"action": "nope"}]),
            "unknown action 'nope'")

# Keys: each key the schema allows for an action is a key the loader
# allows for it (any error but "unknown key"), and the other actions'
# keys are unknown to both.
# The candidates: every step key of the schema and of the shipped scenarios.
all_keys = {k for b in branches.values() for k in b["properties"]}
for f in glob.glob(os.path.join(SCENARIOS, "*.json")):
    for st in json.load(open(f)).get("steps", []):
        all_keys |= set(st) if isinstance(st, dict) else set()
all_keys = sorted(all_keys)
for a, b in sorted(branches.items()):
    if a not in templates:
        continue
    allowed = set(b["properties"])
    for k in all_keys:
        if k == "action":
            continue
        steps = copy.deepcopy(templates[a])
        last = steps[-1]
        if k not in last:
            last[k] = 1
        rc, err = loader(base(steps=steps))
        unknown = "unknown key '%s'" % k in err
        if k in allowed:
            check(not unknown, "action %s key %s" % (a, k),
                  "the schema allows it, the loader does not: %s" % err)
        else:
            check(unknown, "action %s key %s" % (a, k),
                  "the loader allows it, the schema does not (%s)" %
                  (err or "exit %d" % rc))
            check(schema_errors(base(steps=steps)), "action %s key %s" % (a, k),
                  "the schema accepts a key it does not list")

# Enums of steps: process kinds, object types, which.
def enum_lists(path_key):
    out = set()
    def walk(o):
        if isinstance(o, dict):
            for k, v in o.items():
                if k == path_key and isinstance(v, dict) and "enum" in v:
                    out.add(tuple(v["enum"]))
                walk(v)
        elif isinstance(o, list):
            for v in o:
                walk(v)
    walk(schema["$defs"])
    return out

def enum_check(name, key, bad_steps, pattern, good_steps):
    rc, err = loader(base(steps=bad_steps))
    prog = listed(err, pattern)
    check(prog, name, "no list in the loader's message: %s" % err)
    if not prog:
        return
    lists = enum_lists(key)
    check(lists, name, "no enum '%s' in the schema" % key)
    for l in lists:
        same_set(name, prog, l)
    for v in sorted(set(prog) | {v for l in lists for v in l}):
        both_accept("%s %s" % (name, v), base(steps=good_steps(v)))

enum_check("kind", "kind",
           [dict(proc, kind="zzz")], r"unknown kind 'zzz' \(([^)]*)\)",
           lambda v: [dict(proc, kind=v)])
enum_check("console", "console",
           [dict(proc, console="zzz")], r"unknown console 'zzz' \(([^)]*)\)",
           lambda v: [dict(proc, console=v)])
def obj(v):
    o = {"type": v}
    if v == "opaque":
        o["bytes"] = 64
    return [proc, {"action": "create_objects", "process": "p", "objects": [o]}]
enum_check("object type", "type",
           [proc, {"action": "create_objects", "process": "p",
                   "objects": [{"type": "zzz"}]}],
           r"unknown object type 'zzz' \(([^)]*)\)", obj)
enum_check("which", "which",
           templates["destroy_windows"][:2] +
           [{"action": "destroy_windows", "process": "p", "which": "zzz"}],
           r"unknown which 'zzz' \(([^)]*)\)",
           lambda v: templates["destroy_windows"][:2] +
           [{"action": "destroy_windows", "process": "p", "which": v}])

# 5. Top-level, registry, sessions and object-list keys.
samples = {"$schema": "x", "description": "d", "comment": "c",
           "registry": {}, "assumptions": {}, "sessions": [2]}
for k in P:
    if k in ("name", "source", "os", "steps"):
        continue
    doc = base(**{k: samples.get(k, "x")})
    rc, err = loader(doc)
    check("unknown key '%s'" % k not in err, "key %s" % k,
          "the schema allows it, the loader does not: %s" % err)
both_reject("key nope", base(nope=1), "unknown key 'nope'")
reg = {"shared_section": "1024,3072,512", "session_view_size_mb": 48,
       "boot_3gb": False, "desktop_heap_logging": True, "comment": "c",
       "use_shared_wp_desktop": True,
       "user_process_handle_quota": 10000, "gdi_process_handle_quota": 10000}
for k in P["registry"]["properties"]:
    both_accept("registry.%s" % k,
                base(registry={k: reg.get(k, 1)}))
both_accept("registry.session_view_size_mb null",
            base(registry={"session_view_size_mb": None}))
both_reject("registry.nope", base(registry={"nope": 1}), "unknown key 'nope'")
sess = P["sessions"]["items"]["oneOf"][1]["properties"]
for k in sess:
    o = {"id": 2}
    o[k] = {"id": 2, "other_kb": 512, "comment": "c"}[k]
    both_accept("sessions[].%s" % k, base(sessions=[o]))
both_reject("sessions[].nope", base(sessions=[{"id": 2, "nope": 1}]), "nope")
okeys = branches["create_objects"]["properties"]["objects"]["items"]["properties"]
vals = {"type": "window", "count": 2, "extra": 8, "chars": 12, "props": 2,
        "bytes": 64, "comment": "c"}
for k in okeys:
    o = {"type": "opaque" if k == "bytes" else "window"}
    o[k] = vals.get(k, 1) if k != "type" else "window"
    both_accept("objects[].%s" % k, base(steps=[proc, {
        "action": "create_objects", "process": "p", "objects": [o]}]))
both_reject("objects[].nope", base(steps=[proc, {
    "action": "create_objects", "process": "p",
    "objects": [{"type": "window", "nope": 1}]}]), "nope")

print("schema: %d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
EOF
exit $?
