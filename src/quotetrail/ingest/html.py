"""HTML pages: main text and metadata with trafilatura, htmldate as the date fallback.

libxml2 (under lxml and trafilatura) stops building the tree 256 levels down, so a page nested
deeper (generated markup, or one built to hide its text) lost all text below that level. Such
a page is rewritten first: markup below level 200 is replaced by its text, one paragraph per
block, by a streaming parser that has no depth limit, and the article's notes say so. (Boilerplate
down there, such as an aside, then reads as paragraphs and may be kept.)
"""

from __future__ import annotations

import html as htmllib
from datetime import date
from html.parser import HTMLParser

import lxml.html
import trafilatura
from htmldate import find_date
from lxml import etree

from quotetrail.errors import IngestError
from quotetrail.model import Article

_CUT_DEPTH = 250  # libxml2 cuts at 256 levels: a page deeper than this is rewritten
_FLAT_DEPTH = 200  # markup below this level becomes plain paragraphs
# elements whose start or end is a paragraph break where markup is flattened
_BLOCKS = frozenset({
    "p", "div", "br", "li", "dd", "dt", "tr", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6",
    "blockquote", "pre", "section", "article", "header", "footer", "aside", "main", "nav",
    "figcaption", "table", "ul", "ol", "dl", "address", "hr", "title"})
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                   "source", "track", "wbr"})
_HIDDEN = frozenset({"script", "style", "noscript", "template"})  # their content is no text


def parse_html(html: str, origin: str, url: str | None = None) -> Article:
    notes: list[str] = []
    depth = _depth(html)
    if depth > _CUT_DEPTH:
        html = _Flattener.flatten(html)
        shown = f"{depth}" if depth < _LXML_MAX_DEPTH else f"over {depth}"
        notes.append(f"HTML nested {shown} levels deep: flattened below level {_FLAT_DEPTH}")
    try:
        result = trafilatura.bare_extraction(html, url=url, with_metadata=True)
    except Exception as exc:  # trafilatura raises assorted parser errors on broken markup
        raise IngestError(origin, f"HTML could not be parsed ({type(exc).__name__})") from exc
    if result is None or not (result.text or "").strip():
        raise IngestError(origin, "no article text found in the HTML")
    text = "\n\n".join(p.strip() for p in result.text.split("\n") if p.strip())
    article = Article(
        text=text,
        origin=origin,
        title=result.title,
        site=result.sitename or None,
        author=result.author,
        url=result.url or url,
        notes=notes,
    )
    published = result.date
    if not published:
        try:
            published = find_date(html, extensive_search=False)
        except Exception:  # htmldate is a best-effort fallback
            published = None
        if published:
            article.inferred.add("published")
    if published:
        try:
            article.published = date.fromisoformat(published[:10])
        except ValueError:
            article.inferred.discard("published")
    if article.site is None and result.hostname:
        article.site = result.hostname
        article.inferred.add("site")
    return article


_LXML_MAX_DEPTH = 2048  # even with huge_tree, libxml2's HTML parser stops here


def _depth(html: str) -> int:
    """How deep the page's elements nest (at most ``_LXML_MAX_DEPTH``); 0 if it cannot be told."""
    if html.count("<") <= _CUT_DEPTH:  # too few tags to nest that deep: skip the parse
        return 0
    parser = lxml.html.HTMLParser(huge_tree=True, encoding="utf-8", collect_ids=False,
                                  remove_comments=True, remove_pis=True)
    try:
        tree = lxml.html.document_fromstring(html.encode("utf-8", "surrogatepass"), parser=parser)
    except (etree.ParserError, ValueError):
        return 0  # trafilatura will say what is wrong with it
    depth = deepest = 0
    for event, _ in etree.iterwalk(tree, events=("start", "end")):
        depth += 1 if event == "start" else -1
        deepest = max(deepest, depth)
    return deepest


class _Flattener(HTMLParser):
    """Markup rewritten with everything below ``_FLAT_DEPTH`` as ``<p>`` paragraphs of text.

    html.parser streams events and keeps no tree, so any depth is fine; it closes no elements
    implicitly, so the depth it counts can exceed the real one, which only flattens sooner.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.depth = 0
        self.hidden = 0  # inside script/style below the flat level

    @classmethod
    def flatten(cls, html: str) -> str:
        flattener = cls()
        flattener.feed(html)
        flattener.close()
        if flattener.depth > _FLAT_DEPTH:
            flattener.out.append("</p></div>")
        return "".join(flattener.out)

    def _tag(self, tag: str, attrs: list[tuple[str, str | None]], close: str = ">") -> str:
        shown = "".join(f" {k}" if v is None else f' {k}="{htmllib.escape(v)}"' for k, v in attrs)
        return f"<{tag}{shown}{close}"

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID:
            self.handle_startendtag(tag, attrs)
            return
        self.depth += 1
        if self.depth <= _FLAT_DEPTH:
            self.out.append(self._tag(tag, attrs))
            return
        if self.depth == _FLAT_DEPTH + 1:
            self.out.append("<div><p>")
        if tag in _HIDDEN:
            self.hidden += 1
        elif tag in _BLOCKS:
            self._break()

    def _break(self) -> None:
        # one paragraph break however many blocks end here: 10,000 empty paragraphs would
        # cost trafilatura seconds
        if self.out[-1] not in ("</p><p>", "<div><p>"):
            self.out.append("</p><p>")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.depth <= _FLAT_DEPTH:  # it nests nothing: it may sit on the last kept level
            self.out.append(self._tag(tag, attrs, "/>" if tag not in _VOID else ">"))
        elif tag in _BLOCKS:
            self._break()

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID or self.depth == 0:
            return
        if self.depth <= _FLAT_DEPTH:
            self.out.append(f"</{tag}>")
        else:
            if tag in _HIDDEN:
                self.hidden = max(0, self.hidden - 1)
            elif tag in _BLOCKS:
                self._break()
            if self.depth == _FLAT_DEPTH + 1:
                self.out.append("</p></div>")
        self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth > _FLAT_DEPTH and self.hidden:
            return
        raw = self.cdata_elem is not None  # script or style text is written as it came
        self.out.append(data if raw and self.depth <= _FLAT_DEPTH else htmllib.escape(data, quote=False))

    def handle_comment(self, data: str) -> None:
        if self.depth <= _FLAT_DEPTH:
            self.out.append(f"<!--{data}-->")

    def handle_decl(self, decl: str) -> None:
        self.out.append(f"<!{decl}>")

