"""The DCAT catalogue as a harvester reads it, with rdflib and pyshacl (from PyPI):
every page of each syntax (Turtle, RDF/XML, JSON-LD) walked by its Hydra links, the
three the same graph, every published record in it once, and the whole valid against
the DCAT-AP 3.0 shapes (and the official file too, when RATHAUS_DCAT_AP_SHAPES names
it). A record stripped of its title must fail, so the shapes are known to bite.

Usage: dcat_check.py BASE_URL PUBLIC_URL EXPECTED_RECORDS SHAPES_TTL
(the links in the catalogue carry the public address; they are followed at BASE_URL)"""

import os
import sys
import urllib.request

from pyshacl import validate
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, RDF

base, public, expected, shapes_path = sys.argv[1], sys.argv[2].rstrip("/"), int(sys.argv[3]), sys.argv[4]
DCAT = Namespace("http://www.w3.org/ns/dcat#")
HYDRA = Namespace("http://www.w3.org/ns/hydra/core#")
FORMATS = {"ttl": "turtle", "rdf": "xml", "jsonld": "json-ld"}


def check(condition, message):
    if not condition:
        print(f"FAILED: {message}", file=sys.stderr)
        sys.exit(1)


def fetch(url):
    with urllib.request.urlopen(url, timeout=60) as response:
        return response.headers.get("content-type", ""), response.read()


def walk(extension):
    """Every page of one syntax, joined; the paging nodes left out."""
    graph, url, pages = Graph(), f"{base}/catalog.{extension}", 0
    while url:
        media, body = fetch(url)
        page = Graph().parse(data=body, format=FORMATS[extension], publicID=url)
        pages += 1
        check(pages < 1000, "the pages end")
        collection = next(page.subjects(RDF.type, HYDRA.PagedCollection), None)
        check(collection is not None, f"{url} says where the other pages are")
        check(int(page.value(collection, HYDRA.totalItems)) == expected, f"{url} counts {expected} records")
        following = page.value(collection, HYDRA.nextPage)
        url = str(following).replace(public, base, 1) if following else None
        for triple in page:
            if triple[0] != collection:
                graph.add(triple)
    return graph, pages


graphs = {}
for extension in FORMATS:
    graphs[extension], pages = walk(extension)
turtle = graphs["ttl"]
check(pages >= 1, "at least one page")
datasets = set(turtle.subjects(RDF.type, DCAT.Dataset))
check(len(datasets) == expected, f"{len(datasets)} datasets, {expected} published records")
check(isomorphic(turtle, graphs["rdf"]), "Turtle and RDF/XML hold the same graph")
check(isomorphic(turtle, graphs["jsonld"]), "Turtle and JSON-LD hold the same graph")
catalogs = list(turtle.subjects(RDF.type, DCAT.Catalog))
check(len(catalogs) == 1 and len(set(turtle.objects(catalogs[0], DCAT.dataset))) == expected, "one catalogue lists them all")
check(any(True for _ in turtle.subjects(RDF.type, DCAT.Distribution)), "the records have distributions")

shape_files = [shapes_path] + ([os.environ["RATHAUS_DCAT_AP_SHAPES"]] if os.environ.get("RATHAUS_DCAT_AP_SHAPES") else [])
for path in shape_files:
    shapes = Graph().parse(path, format="turtle")
    conforms, _, report = validate(turtle, shacl_graph=shapes, inference="none", allow_warnings=True)
    check(conforms, f"the catalogue conforms to {path}:\n{report}")

    # The control: a record without its title must not pass.
    broken = Graph()
    for triple in turtle:
        broken.add(triple)
    victim = sorted(datasets)[0]
    broken.remove((victim, DCTERMS.title, None))
    conforms, _, _ = validate(broken, shacl_graph=shapes, inference="none", allow_warnings=True)
    check(not conforms, f"a dataset without a title fails {path}")

print(f"{expected} records on {pages} pages per syntax; valid against {len(shape_files)} set(s) of shapes")
