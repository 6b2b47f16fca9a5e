#!/usr/bin/env bash
# Set up the TypeScript notebooks in notebooks/: Jupyter's nbconvert and client from Debian (apt-get, only
# when missing) and this checkout's own Deno kernel spec, `munisim-<12 hex of the checkout's path>` (only when
# missing, or naming a deno that is gone or of another version than the project's). Another checkout's spec,
# and a plain `deno` spec, are never touched.
# Idempotent and quiet: prints nothing when all is in place. `--ui` also installs the classic browser UI
# (`jupyter notebook`); `--print-kernel` prints the kernel's name (for nbconvert --ExecutePreprocessor.kernel_name).
# Needs root (or passwordless sudo) only when something must be installed with apt-get.
set -euo pipefail
cd "$(dirname "$0")/.."

with_ui=0
print_kernel=0
for arg in "$@"; do
  case "$arg" in
    --ui) with_ui=1 ;;
    --print-kernel) print_kernel=1 ;;
    *) echo "setup-notebooks: unknown option $arg (known: --ui, --print-kernel)" >&2; exit 2 ;;
  esac
done
# The kernel's name includes a digest of this checkout's path, so two checkouts never share (or overwrite) a spec.
kernel="munisim-$(printf '%s' "$PWD" | sha256sum | cut -c1-12)"

# --- Jupyter from Debian: nbconvert (runs notebooks headless), the client (jupyter kernelspec) and jupyter-core. ---
# Deno is its own kernel, so ipykernel is not needed (jupyter-notebook pulls it in for --ui, harmlessly).
jupyter_works() {
  command -v jupyter >/dev/null 2>&1 && jupyter nbconvert --version >/dev/null 2>&1 && jupyter kernelspec --version >/dev/null 2>&1
}
missing=()
jupyter_works || missing+=(jupyter-core jupyter-client jupyter-nbconvert python3-jupyter-client python3-nbclient)
if [ "$with_ui" -eq 1 ] && ! { command -v jupyter >/dev/null 2>&1 && jupyter notebook --version >/dev/null 2>&1; }; then
  missing+=(jupyter-notebook)
fi

if [ ${#missing[@]} -gt 0 ]; then
  bash scripts/apt-install.sh setup-notebooks "${missing[@]}"
  if ! jupyter_works; then
    echo "setup-notebooks: apt-get finished but 'jupyter nbconvert' still does not run:" >&2
    jupyter nbconvert --version >&2 || true
    exit 1
  fi
fi

# --- Deno and its kernel spec. ---
# deno comes from npm (a devDependency); its binary ships in the optional package @deno/<platform>. deno's
# postinstall only links that binary into node_modules/deno/; where install scripts do not run, bin.cjs does
# the same on first use (the call below).
if [ ! -e node_modules/deno/package.json ]; then
  echo "setup-notebooks: node_modules/deno is missing; run 'npm ci' first" >&2
  exit 1
fi
if ! version=$(node node_modules/deno/bin.cjs --version 2>&1); then
  echo "setup-notebooks: deno does not run (is @deno/<platform> installed? npm must not omit optional dependencies):" >&2
  echo "$version" >&2
  exit 1
fi
deno="$PWD/node_modules/deno/deno" # bin.cjs has linked it there; the kernel spec names this path

# The spec lives in the user's kernels dir (`jupyter --data-dir`/kernels/$kernel). It is (re)installed when
# missing, or when the deno it names no longer runs (the checkout's node_modules was removed) or is another
# version than the project's (the notebooks are tested with the project's); otherwise it is left alone.
spec_dir=$(jupyter --data-dir)/kernels/$kernel
spec_version=""
if [ -f "$spec_dir/kernel.json" ]; then
  spec_deno=$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).argv[0])' "$spec_dir/kernel.json" 2>/dev/null || true)
  [ -n "$spec_deno" ] && spec_version=$("$spec_deno" --version 2>/dev/null | head -n 1 || true)
fi
if [ "$spec_version" != "$(echo "$version" | head -n 1)" ]; then
  log=$(mktemp)
  if ! "$deno" jupyter --install --name "$kernel" --display "Deno (munisim, $PWD)" --force >"$log" 2>&1; then
    echo "setup-notebooks: 'deno jupyter --install' failed:" >&2
    cat "$log" >&2
    rm -f "$log"
    exit 1
  fi
  rm -f "$log"
  if ! jupyter kernelspec list 2>/dev/null | grep -q "^ *$kernel "; then
    echo "setup-notebooks: 'deno jupyter --install' ran but jupyter lists no '$kernel' kernel" >&2
    exit 1
  fi
  # The spec must name this checkout's deno, not another's (deno writes the path it was started by, e.g.
  # node_modules/.bin/deno, so check the folder).
  if ! grep -qF "\"$PWD/node_modules/" "$spec_dir/kernel.json"; then
    echo "setup-notebooks: $spec_dir/kernel.json does not name a deno in $PWD/node_modules" >&2
    exit 1
  fi
fi
if [ "$print_kernel" -eq 1 ]; then echo "$kernel"; fi
