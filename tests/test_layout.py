"""The app's concern packages import one way, faces to rules, with no cycles."""

import ast
from pathlib import Path

import pytest

APP = Path(__file__).resolve().parent.parent / "debates"
FACES = ("views", "forms", "admin", "urls", "feeds", "sitemaps")


def module_name(path):
    parts = path.relative_to(APP.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def package_of(path):
    name = module_name(path)
    return name if path.name == "__init__.py" else name.rsplit(".", 1)[0]


def debates_imports(nodes, package):
    """The debates modules (and names) that these import statements import."""
    found = set()
    for node in nodes:
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            if target.startswith("debates"):
                found.add(target)
                found.update(f"{target}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("debates"))
    return found


def imports_of(path):
    """Everything `path` imports from the app, at its top or inside functions."""
    return debates_imports(ast.walk(ast.parse(path.read_text())), package_of(path))


def top_level_imports(path):
    """What `path` imports from the app as it loads."""
    return debates_imports(ast.parse(path.read_text()).body, package_of(path))


MODULES = {
    module_name(path): path
    for path in APP.rglob("*.py")
    if "migrations" not in path.parts
}


def real_modules(names):
    return {name for name in names if name in MODULES}


@pytest.mark.parametrize(
    "name", sorted(n for n in MODULES if n.startswith("debates.models"))
)
def test_models_import_no_face_and_no_concern_above_them(name):
    above = ("reading", "participation", "moderation", "notifications", "archive")
    for target in real_modules(imports_of(MODULES[name])):
        parts = target.split(".")
        assert not any(part in FACES for part in parts), (name, target)
        assert not (len(parts) > 1 and parts[1] in above), (name, target)


@pytest.mark.parametrize(
    "name",
    sorted(
        n
        for n in MODULES
        if n.rsplit(".", 1)[-1] not in FACES and not n.endswith("commands.benchmark")
    ),
)
def test_write_functions_and_rules_import_no_views(name):
    for target in real_modules(imports_of(MODULES[name])):
        assert not target.endswith(".views"), (name, target)


def test_no_module_imports_itself_back_when_it_loads():
    graph = {
        name: real_modules(top_level_imports(path)) - {name}
        for name, path in MODULES.items()
    }
    # A package's __init__ importing its own modules is how Python packages work.
    for name, targets in graph.items():
        graph[name] = {t for t in targets if not name.startswith(t + ".")}

    def cycle_from(start):
        stack, seen = [(start, [start])], set()
        while stack:
            node, trail = stack.pop()
            for target in graph.get(node, ()):
                if target == start:
                    return [*trail, start]
                if target not in seen:
                    seen.add(target)
                    stack.append((target, [*trail, target]))
        return None

    cycles = [cycle for name in graph if (cycle := cycle_from(name))]
    assert cycles == []
