import re
import xml.etree.ElementTree as ET

NS = {"svg": "http://www.w3.org/2000/svg"}
SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)  # noqa: S314 - our own output, not untrusted input
    assert root.tag == f"{SVG}svg"
    return root


def texts(root: ET.Element) -> list[str]:
    return [t.text or "" for t in root.iter(f"{SVG}text")]


def font_sizes(root: ET.Element) -> list[float]:
    return [float(t.get("font-size", "0")) for t in root.iter(f"{SVG}text")]


def colours(svg: str) -> set[str]:
    return {c.upper() for c in re.findall(r'(?:fill|stroke)="(#[0-9A-Fa-f]{6})"', svg)}


def dashed_lines(root: ET.Element) -> list[ET.Element]:
    return [el for el in root.iter(f"{SVG}line") if el.get("stroke-dasharray") == "6 4"]


def num_attr(el: ET.Element, name: str) -> float:
    value = el.get(name)
    assert value is not None, f"<{el.tag}> has no {name}"
    return float(value)


def attr(el: ET.Element | None, name: str) -> str:
    assert el is not None
    value = el.get(name)
    assert value is not None, f"<{el.tag}> has no {name}"
    return value


def node_text(el: ET.Element | None) -> str:
    assert el is not None
    return el.text or ""
