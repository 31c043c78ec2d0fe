# lit configuration for cescape's tests: C inputs with inline expectations
# (-verify comments, FileCheck lines) run against the built plugin and driver.
import os
import shutil
import lit.formats

config.name = "cescape"
config.test_format = lit.formats.ShTest(execute_external=False)
config.suffixes = [".c", ".test"]
config.excludes = ["Inputs", "example", "node_modules"]
config.test_source_root = os.path.dirname(__file__)

params = lit_config.params
plugin = os.path.abspath(params["plugin"])
cescape = os.path.abspath(params["cescape"])
llvm_bin = params["llvm_bin"]

config.environment["PATH"] = os.pathsep.join(
    [llvm_bin, os.path.dirname(cescape), config.environment.get("PATH", os.environ["PATH"])])
config.environment["HOME"] = os.environ.get("HOME", "/tmp")

clang = os.path.join(llvm_bin, "clang")
# Inputs/libc.h, the C library as the tests declare it: `#include <libc.h>`.
libc_include = "-isystem " + os.path.join(config.test_source_root, "Inputs")
# %libc_include: the same path for a plain compile of a test's rewritten file.
config.substitutions.append(("%libc_include", libc_include))
# %cescape_verify: analyse one C file and check its -verify comments.
config.substitutions.append(("%cescape_verify",
    "%s -fsyntax-only -fplugin=%s %s -Xclang -verify" % (clang, plugin, libc_include)))
# %cescape_clang: the compiler with the plugin loaded (fix-its, codegen).
config.substitutions.append(("%cescape_clang",
    "%s -fplugin=%s %s" % (clang, plugin, libc_include)))
# %asan: build a runnable program under AddressSanitizer, catching use of
# stack memory after return (what a wrong heap-to-stack rewrite would do).
config.substitutions.append(("%asan",
    "%s -g -O1 -fsanitize=address -fsanitize-address-use-after-return=always"
    % clang))
config.environment["ASAN_OPTIONS"] = "detect_leaks=0:detect_stack_use_after_return=1"
config.substitutions.append(("%clang", clang))
config.substitutions.append(("%plugin", plugin))
config.substitutions.append(("%cescape", cescape))
# %build: the build tree of the driver (cmake --install, cpack); %llvm_major:
# the Clang major of the plugin under test (cescape-<major>.so).
config.substitutions.append(("%build", os.path.dirname(cescape)))
llvm_major = os.path.basename(os.path.realpath(plugin))[len("cescape-"):-len(".so")]
# clang-<major>: for a test of what only some Clang majors do
# (REQUIRES: clang-19, with the reason beside it).
config.available_features.add("clang-" + llvm_major)
config.substitutions.append(("%llvm_major", llvm_major))
# ccache: a build served from the cache (scripts/setup.sh installs it).
if shutil.which("ccache"):
    config.available_features.add("ccache")
# distcc: a build sent to a distccd of the test's own (scripts/setup.sh
# installs it and lists the Clangs distccd may run).
if shutil.which("distcc") and shutil.which("distccd"):
    config.available_features.add("distcc")
# icecc: a build through an icecc-scheduler and an iceccd of the test's own.
if all(shutil.which(p) for p in ("icecc", "iceccd", "icecc-scheduler")):
    config.available_features.add("icecc")
# bazel: Debian's bazel-bootstrap (Bazel 4), for a build served from its
# disk cache (testdata/collect/bazel.test; scripts/setup.sh leaves it out).
if shutil.which("bazel"):
    config.available_features.add("bazel")
# %other_clang: an installed Clang of another major, for the plugin to refuse.
for major in ("14", "15", "16", "19"):
    other = shutil.which("clang-" + major)
    if major != llvm_major and other:
        config.available_features.add("other-clang")
        config.substitutions.append(("%other_clang", other))
        break
# %other_build: a build tree of another Clang major (scripts/test.sh passes
# those it finds), for plugins installed side by side; %other_build_major is
# its major and %other_build_clang that major's clang.
for tree in filter(None, params.get("other_builds", "").split(os.pathsep)):
    found = [f for f in os.listdir(tree)
             if f.startswith("cescape-") and f.endswith(".so")]
    major = found[0][len("cescape-"):-len(".so")] if found else None
    other = major and major != llvm_major and shutil.which("clang-" + major)
    if other:
        config.available_features.add("other-build")
        config.substitutions.append(("%other_build_major", major))
        config.substitutions.append(("%other_build_clang", other))
        config.substitutions.append(("%other_build", os.path.abspath(tree)))
        break
