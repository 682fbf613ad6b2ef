#!/usr/bin/env bash
# ./x new-rule FAMILY NAME [CATEGORY]: scaffolds a diagnosis rule.
#   FAMILY    a folder of crates/authlens-core/src/diagnose/rules/ (entra, http, azure, power_platform,
#             power_bi, bearer; the code ↔ family mapping lives in diagnose/rules/family.rs)
#   NAME      the rule's stable name, kebab-case (consent-missing); never changed once released
#   CATEGORY  a taxonomy word of docs/taxonomy.md (consent-required); default not-an-auth-error
# Writes diagnose/rules/FAMILY/NAME.rs (docs headings, a stub check), its quiet fixture, the `pub mod`
# line of the family and the line in RULES with the family's next free code. The registry tests
# fail until the docs' example fires the rule first and the quiet fixture is a real near miss.
set -euo pipefail
cd "$(dirname "$0")/.."

die() { echo "new-rule: $*" >&2; exit 2; }
[ $# -ge 2 ] || die "usage: ./x new-rule FAMILY NAME [CATEGORY]"
family="${1//-/_}"
name="$2"
category="${3:-not-an-auth-error}"
rules=crates/authlens-core/src/diagnose/rules
dir="$rules/$family"
[ -f "$dir/mod.rs" ] || die "no family '$1' (folders: $(cd "$rules" && ls -d */ | tr -d / | tr '\n' ' '))"
[[ "$name" =~ ^[a-z][a-z0-9]*(-[a-z0-9]+)*$ ]] || die "NAME must be kebab-case: '$name'"
grep -q "\"$category\"" crates/authlens-core/src/category.rs || die "no category '$category' (docs/taxonomy.md)"
snake="${name//-/_}"
upper="$(tr '[:lower:]' '[:upper:]' <<<"$snake")"
file="$dir/$snake.rs"
[ -e "$file" ] && die "$file exists"
grep -rqs "name: \"$name\"" "$rules" && die "a rule named '$name' exists"
variant="$(sed -E 's/(^|-)([a-z])/\U\2/g' <<<"$category")"

# The family's next free code: one past its highest (codes are never reused).
last="$(grep -rhoE 'code: "AL[0-9]+"' "$dir" | grep -oE '[0-9]+' | sort -n | tail -1)"
[ -n "$last" ] || die "family '$family' has no rule to number from"
next=$((last + 1))
[ $((next / 100)) -eq $((last / 100)) ] || die "family '$family' is full (AL$last)"
code="AL$next"

cat >"$file" <<RS
use crate::facts::Facts;
use crate::diagnose::rules::confidence::LIKELY;
use crate::diagnose::rules::{declare_rule, Hit};

declare_rule! {
    /// ## What it means
    /// TODO: what the failure is, in a maker's words.
    ///
    /// ## Why it happens
    /// TODO: the usual causes.
    ///
    /// ## Where the fix lives
    /// TODO: where (portal, connection, app registration, tenant admin) and what to do.
    ///
    /// ## Example
    /// \`\`\`text
    /// TODO: a realistic paste this rule must rank first (generalise; no one case's exact text)
    /// \`\`\`
    pub static $upper = {
        code: "$code", name: "$name", category: $variant, severity: Error,
        title: "TODO: a one-line title", check: $snake,
    }
}

fn $snake(f: &Facts) -> Option<Hit> {
    let s = f.phrase(&["TODO: a phrase this rule recognises"])?;
    Some(Hit::new(LIKELY, "TODO: why, for this paste, in one or two sentences.").with(Some(s), "TODO evidence label"))
}
RS

# `pub mod` line of the family, kept sorted with its neighbours (one contiguous block).
first="$(grep -n '^pub mod ' "$dir/mod.rs" | head -1 | cut -d: -f1)"
last="$(grep -n '^pub mod ' "$dir/mod.rs" | tail -1 | cut -d: -f1)"
{
  head -n "$((first - 1))" "$dir/mod.rs"
  { sed -n "${first},${last}p" "$dir/mod.rs"; echo "pub mod $snake;"; } | LC_ALL=C sort
  tail -n "+$((last + 1))" "$dir/mod.rs"
} >"$dir/mod.rs.new" && mv "$dir/mod.rs.new" "$dir/mod.rs"

# The line in RULES, right after the family's last rule (RULES is sorted by code).
awk -v fam="    &$family::" -v line="    &$family::$snake::$upper," '
  { lines[NR] = $0; if (index($0, fam) == 1) at = NR }
  END { for (i = 1; i <= NR; i++) { print lines[i]; if (i == at) print line } }
' "$rules/mod.rs" >"$rules/mod.rs.new" && mv "$rules/mod.rs.new" "$rules/mod.rs"

fixture="crates/authlens-core/tests/fixtures/rules/$code-$name"
mkdir -p "$fixture"
echo "TODO: a realistic near miss this rule must stay quiet on (a neighbouring cause's paste)" >"$fixture/quiet.txt"

cat <<MSG
new-rule: $code $name ($family, $category)
  $file
  $fixture/quiet.txt
  + pub mod $snake; in $dir/mod.rs, + &$family::$snake::$upper in RULES
Next: write the docs, the check and the quiet fixture, then
  cargo test -p authlens-core --lib rules
  UPDATE_DOCS=1 cargo test -p authlens-core rules_doc
  INSTA_UPDATE=always cargo test -p authlens-core --test report_snapshots
MSG
