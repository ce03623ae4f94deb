from __future__ import annotations

from wizard.render.icons import FALLBACKS, GENERIC, is_known, node_class


def test_every_fallback_target_imports() -> None:
    import importlib

    for missing, target in FALLBACKS.items():
        module, _, name = target.rpartition(".")
        assert node_class(missing) is getattr(importlib.import_module(f"diagrams.{module}"), name)


def test_every_component_used_by_content_has_an_icon(catalog) -> None:  # type: ignore[no-untyped-def]
    used = {c.component for t in catalog.trees.values() for c in t.candidates if c.component}
    for bp in catalog.blueprints.values():
        used |= {s.component for s in bp.layout.slots if s.component} | {n.component for n in bp.layout.nodes}
    unknown = sorted(c for c in used if not is_known(c))
    assert not unknown


def test_unknown_component_gets_a_generic_tile_not_a_crash() -> None:
    assert node_class("aws.nowhere.Nothing").__name__ == GENERIC.rsplit(".", 1)[-1]
    assert not is_known("aws.nowhere.Nothing")


def test_only_node_classes_of_provider_modules_are_components() -> None:
    from wizard.components import node_class_of

    assert node_class_of("aws.compute.EC2") is not None
    for bad in (
        "custom.Custom",
        "aws.compute.__spec__",
        "__init__.Path",
        "__init__.Diagram",
        "aws.compute.Node",
        "aws.compute._Compute",
        "aws.compute",
    ):
        assert node_class_of(bad) is None, bad
        assert not is_known(bad)
