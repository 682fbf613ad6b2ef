#!/usr/bin/env python3
"""Seeds fuzz/corpus/<target>/ from the core's test fixtures (run by scripts/fuzz.sh).

Nothing here is committed: the corpus folder is gitignored and rebuilt from the fixtures, so the
seeds follow the fixtures as they change. Files are named by content hash, so reruns add nothing
twice and keep whatever libFuzzer added.
"""
import base64, hashlib, json, pathlib, sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
FIX = ROOT / "crates/authlens-core/tests/fixtures"
CORPUS = ROOT / "fuzz/corpus"
TARGETS = ["diagnose", "json_discover", "token", "request", "redact", "render"]


def b64(b: bytes) -> str:
    return base64.urlsafe_b64encode(b).rstrip(b"=").decode()


def jwt(claims: dict) -> str:
    head = {"typ": "JWT", "alg": "RS256", "kid": "k1"}
    base = {"aud": "https://graph.microsoft.com", "iss": "https://sts.windows.net/11111111-2222-3333-4444-555555555555/",
            "tid": "11111111-2222-3333-4444-555555555555", "scp": "User.Read", "iat": 1763890000,
            "nbf": 1763890000, "exp": 1763893600}
    base.update(claims)
    return ".".join([b64(json.dumps(head).encode()), b64(json.dumps(base).encode()), b64(bytes([7]) * 256)])


PLACEHOLDERS = {
    "%%JWT_GRAPH%%": jwt({}),
    "%%JWT_GRAPH_LATER%%": jwt({"iat": 1763899000}),
    "%%JWT_ARM%%": jwt({"aud": "https://management.azure.com/"}),
    "%%JWT_DATAVERSE%%": jwt({"aud": "https://contoso.crm.dynamics.com"}),
    "%%JWT_TENANT2_APP2%%": jwt({"tid": "99999999-2222-3333-4444-555555555555", "appid": "app2"}),
    "%%JWT_EXPIRED%%": jwt({"exp": 1600000000}),
    "%%JWT_ROLES%%": jwt({"roles": ["User.Read.All"], "idtyp": "app"}),
    "%%JWT_NO_ROLES%%": jwt({"idtyp": "app"}),
}


def fill(text: str) -> str:
    for k, v in PLACEHOLDERS.items():
        text = text.replace(k, v)
    return text


def add(targets, text: str, seen: dict) -> None:
    data = text.encode()
    name = hashlib.sha1(data).hexdigest()
    for t in targets:
        path = CORPUS / t / name
        if not path.exists():
            path.write_bytes(data)
            seen[t] = seen.get(t, 0) + 1


def main() -> int:
    for t in TARGETS:
        (CORPUS / t).mkdir(parents=True, exist_ok=True)
    seen: dict = {}
    for jsonl in [FIX / "corpus/cases.jsonl", FIX / "cases/own.jsonl"]:
        for line in jsonl.read_text().splitlines():
            if line.strip():
                add(TARGETS, json.loads(line)["input"], seen)
    for case in sorted((FIX / "compare").iterdir()):
        if not case.is_dir():  # extra-pairs.snap.json and other shared files
            continue
        sides = {}
        for f in sorted(case.iterdir()):
            if f.stem in ("left", "right"):
                sides[f.stem] = fill(f.read_text())
                add(TARGETS, sides[f.stem], seen)
        if len(sides) == 2:
            add(["request"], sides["left"] + "\0" + sides["right"], seen)
    for line in (FIX / "token/signed.txt").read_text().splitlines():
        parts = line.split()
        if len(parts) == 2:
            add(["token", "redact", "diagnose"], parts[1], seen)
            add(["token"], "Authorization: Bearer " + parts[1], seen)
    # The secret corpus: every kind of secret the redactor hides, in every notation.
    for line in (FIX / "secrets/corpus.jsonl").read_text().splitlines():
        if line.strip():
            add(["redact", "diagnose", "request", "render"], json.loads(line)["input"], seen)
    for v in PLACEHOLDERS.values():
        add(["token", "redact"], '"Bearer ' + v + '"', seen)
    add(["token"], "Basic dXNlcjpwYXNzd29yZA==", seen)
    add(["token"], "Bearer @{body('Get_token')?['access_token']}", seen)
    print("seeded:", ", ".join(f"{t} +{seen.get(t, 0)}" for t in TARGETS), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
