"""CKAN's own client, ckanapi (from PyPI), against Rathaus's Action API: reading,
searching, a full dump with the ckanapi command, writing with a publisher's key
(a record and a file upload), and the errors a client must be able to tell apart.

Usage: ckan_client.py BASE_URL API_KEY EXPECTATIONS_JSON PDF_PATH OUT_DIR
Prints one JSON object with what it made; any failed check exits non-zero."""

import json
import os
import site
import subprocess
import sys
import sysconfig

import ckanapi

base, key, expected, pdf_path, out_dir = sys.argv[1], sys.argv[2], json.loads(sys.argv[3]), sys.argv[4], sys.argv[5]
public = ckanapi.RemoteCKAN(base, user_agent="rathaus-test")
writer = ckanapi.RemoteCKAN(base, apikey=key, user_agent="rathaus-test")


def check(condition, message):
    if not condition:
        print(f"FAILED: {message}", file=sys.stderr)
        sys.exit(1)


status = public.action.status_show()
check(status["ckan_version"].startswith("2."), f"status_show: {status}")

names = public.action.package_list()
check(len(names) == expected["published"], f"package_list has {len(names)} names, expected {expected['published']}")
check(names == sorted(names), "package_list is sorted by name")
check(public.action.package_list(limit=5, offset=5) == names[5:10], "package_list pages with limit and offset")

record = public.action.package_show(id=expected["record"])
check(record["name"] == expected["record"] and record["state"] == "active", f"package_show: {record['name']}")
check(record["resources"], "the record has resources")
resource = public.action.resource_show(id=record["resources"][0]["id"])
check(resource["package_id"] == record["id"], "resource_show belongs to its package")

found = public.action.package_search(q=expected["pdf_word"], rows=5)
check(expected["pdf_word_record"] in [r["name"] for r in found["results"]], f"a word from inside a PDF: {found['count']} found")

everything = public.action.package_search(rows=0, **{"facet.field": json.dumps(["organization", "groups", "res_format", "tags"]), "facet.limit": -1})
check(everything["count"] == expected["published"], f"package_search counts {everything['count']}")
check(everything["results"] == [], "rows=0 returns no records")
agency, count = max(everything["facets"]["organization"].items(), key=lambda kv: kv[1])
narrowed = public.action.package_search(fq=f"organization:{agency}", rows=1000)
check(narrowed["count"] == count, f"fq organization:{agency} gives {narrowed['count']}, the facet said {count}")
check(all(r["organization"]["name"] == agency for r in narrowed["results"]), "fq narrows to the organization")
tag, tag_count = max(everything["facets"]["tags"].items(), key=lambda kv: kv[1])
by_tag = public.action.package_search(fq=f'tags:"{tag}"', rows=1000)
check(by_tag["count"] == tag_count, f"fq tags:{tag} gives {by_tag['count']}, the facet said {tag_count}")
newest = public.action.package_search(sort="metadata_modified desc", rows=3)
check(len(newest["results"]) == 3, "sorted newest first")
check(len(public.action.organization_list()) >= count and agency in public.action.organization_list(), "organization_list")
check(public.action.organization_show(id=agency)["package_count"] == count, "organization_show counts the published records")
check("envi" in public.action.group_list(), "the EU themes are the groups")
check(tag in public.action.tag_list(), "tag_list")
with_resources = public.action.current_package_list_with_resources(limit=5)
check(len(with_resources) == 5 and all("resources" in p for p in with_resources), "current_package_list_with_resources")

# The errors a client tells apart.
try:
    public.action.package_show(id="gibt-es-nicht")
    check(False, "a missing record must be NotFound")
except ckanapi.NotFound:
    pass
try:
    public.action.package_search(fq="nonsense:1")
    check(False, "an unknown fq field must be a SearchQueryError")
except ckanapi.SearchQueryError:
    pass
try:
    public.action.package_create(name="ohne-schluessel", title="x", owner_org=expected["agency"])
    check(False, "writing without a key must be NotAuthorized")
except ckanapi.NotAuthorized:
    pass
try:
    writer.action.package_create(name="unvollstaendig", owner_org=expected["agency"])
    check(False, "an incomplete record must be a ValidationError")
except ckanapi.ValidationError as e:
    problems = e.error_dict
    check("title" in problems and "notes" in problems and "license_id" in problems, f"the fields at fault: {problems}")

# ckanapi's own bulk dump, as a harvester runs it.
dump = f"{out_dir}/datasets.jsonl"
# ckanapi starts its workers as the `ckanapi` command: find it where pip put it.
scripts = [sysconfig.get_path("scripts"), os.path.dirname(sys.executable), os.path.join(site.USER_BASE, "bin")]
env = dict(os.environ, PATH=os.pathsep.join(scripts + [os.environ.get("PATH", "")]))
subprocess.run(["ckanapi", "dump", "datasets", "--all", "-q", "-O", dump, "-r", base], check=True, timeout=300, env=env)
with open(dump) as lines:
    dumped = [json.loads(line) for line in lines]
check(len(dumped) == expected["published"], f"the dump holds {len(dumped)} records")
check(sorted(d["name"] for d in dumped) == names, "the dump holds every published record")

# Writing: a draft with a file, through the same workflow as the desk.
created = writer.action.package_create(
    name="api-baugenehmigung-test",
    title="Baugenehmigung über die Schnittstelle",
    notes="Eine Genehmigung, per CKAN-Schnittstelle eingestellt.",
    owner_org=expected["agency"],
    license_id="dl-by-de/2.0",
    maintainer="Fachamt Bauprüfung",
    maintainer_email="baupruefung@altona.example.org",
    groups=[{"name": "regi"}],
    tags=[{"name": "Bauen"}, {"name": "Schnittstelle"}],
    extras=[
        {"key": "hmbtg_category", "value": "baugenehmigung"},
        {"key": "legalbasisText", "value": "§ 3 Abs. 1 Nr. 13 HmbTG"},
        {"key": "frequency", "value": "NEVER"},
    ],
)
check(created["state"] == "draft" and created["private"], f"a record made by the API is a draft: {created['state']}")
with open(pdf_path, "rb") as pdf:
    added = writer.action.resource_create(package_id=created["id"], name="Bescheid", upload=pdf)
check(added["format"] == "PDF", f"the upload is a PDF resource: {added['format']}")
patched = writer.action.package_patch(id=created["id"], title="Baugenehmigung (geändert)")
check(patched["title"] == "Baugenehmigung (geändert)" and patched["notes"] == created["notes"], "package_patch keeps the rest")
found = public.action.package_search(q="Baugenehmigung Schnittstelle", rows=1000)["results"]
check(created["name"] not in [r["name"] for r in found], "a draft is not found by the public")
try:
    public.action.package_show(id=created["id"])
    check(False, "a draft must not be shown to the public")
except ckanapi.NotFound:
    pass
check(writer.action.package_show(id=created["id"])["num_resources"] == 1, "the desk's key sees its draft")

print(json.dumps({"created": created["id"], "resource": added["id"]}))
