"""tskube compatibility checks with the official Python client (`kubernetes`).

Usage: python check.py --kubeconfig PATH [--namespace NS]

Prints one line per check, "ok <name>" or "FAIL <name>: <error>", and exits 1
when any check failed (2 when it could not start at all).
"""

import argparse
import sys
import traceback

from kubernetes import client, config, dynamic, watch
from kubernetes.client.rest import ApiException

MANAGER = "tskube-compat"
failures = 0


def describe(err):
    if isinstance(err, ApiException):
        body = err.body or ""
        if isinstance(body, bytes):
            body = body.decode("utf-8", "replace")
        body = " ".join(body.split())
        return f"HTTP {err.status} {err.reason}: {body}"
    return f"{type(err).__name__}: {' '.join(str(err).split())}"


def check(name):
    """Decorator: run the function now and report its outcome."""

    def run(fn):
        global failures
        try:
            fn()
        except Exception as e:  # noqa: BLE001 - every failure is reported
            failures += 1
            print(f"FAIL {name}: {describe(e)}", flush=True)
            if not isinstance(e, (ApiException, AssertionError)):
                traceback.print_exc(file=sys.stderr)
        else:
            print(f"ok {name}", flush=True)
        return fn

    return run


def expect_status(status, fn, what):
    try:
        fn()
    except ApiException as e:
        if e.status == status:
            return
        raise AssertionError(f"{what}: want HTTP {status}, got {describe(e)}") from None
    raise AssertionError(f"{what}: want HTTP {status}, the call succeeded")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kubeconfig", required=True)
    ap.add_argument("--namespace", default="compat-python")
    args = ap.parse_args()
    ns = args.namespace

    try:
        api_client = config.new_client_from_config(config_file=args.kubeconfig)
        core = client.CoreV1Api(api_client)
        apps = client.AppsV1Api(api_client)
    except Exception as e:  # noqa: BLE001
        print(f"FAIL setup: {describe(e)}")
        return 2

    @check("namespace-create")
    def _():
        core.create_namespace(client.V1Namespace(metadata=client.V1ObjectMeta(name=ns)))

    # ---- ConfigMap CRUD with the typed API

    @check("configmap-create")
    def _():
        got = core.create_namespaced_config_map(
            ns,
            client.V1ConfigMap(
                metadata=client.V1ObjectMeta(name="crud", labels={"compat": "crud"}),
                data={"a": "1"},
                binary_data={"bin": "AAEC/w=="},
            ),
        )
        assert got.metadata.uid and got.metadata.resource_version, f"no uid/resourceVersion: {got.metadata}"
        assert got.metadata.creation_timestamp is not None, "no creationTimestamp"

    @check("configmap-get")
    def _():
        got = core.read_namespaced_config_map("crud", ns)
        assert got.data == {"a": "1"}, f"data {got.data}"
        assert got.binary_data == {"bin": "AAEC/w=="}, f"binaryData {got.binary_data}"

    @check("configmap-update")
    def _():
        got = core.read_namespaced_config_map("crud", ns)
        old_rv = got.metadata.resource_version
        got.data = {"a": "2", "b": "3"}
        upd = core.replace_namespaced_config_map("crud", ns, got)
        assert upd.data == {"a": "2", "b": "3"}, f"data {upd.data}"
        assert upd.metadata.resource_version != old_rv, "resourceVersion did not change"
        got.metadata.resource_version = old_rv
        expect_status(409, lambda: core.replace_namespaced_config_map("crud", ns, got), "replace with a stale resourceVersion")

    @check("configmap-list")
    def _():
        lst = core.list_namespaced_config_map(ns, label_selector="compat=crud")
        names = [i.metadata.name for i in lst.items]
        assert names == ["crud"], f"items {names}"
        assert lst.metadata.resource_version, "list has no resourceVersion"

    @check("configmap-json-patch")
    def _():
        got = core.patch_namespaced_config_map("crud", ns, [{"op": "add", "path": "/data/c", "value": "4"}])
        assert got.data == {"a": "2", "b": "3", "c": "4"}, f"data {got.data}"

    @check("configmap-delete")
    def _():
        core.delete_namespaced_config_map("crud", ns)
        expect_status(404, lambda: core.read_namespaced_config_map("crud", ns), "read after delete")

    @check("list-limit-continue")
    def _():
        for i in range(5):
            core.create_namespaced_config_map(
                ns, client.V1ConfigMap(metadata=client.V1ObjectMeta(name=f"page-{i}", labels={"page": "yes"}))
            )
        names, cont, pages = [], None, 0
        while True:
            lst = core.list_namespaced_config_map(ns, label_selector="page=yes", limit=2, _continue=cont)
            pages += 1
            names += [i.metadata.name for i in lst.items]
            cont = lst.metadata._continue
            if not cont or pages > 10:
                break
        assert pages == 3 and names == [f"page-{i}" for i in range(5)], f"{pages} pages: {names}"
        core.delete_collection_namespaced_config_map(ns, label_selector="page=yes")
        left = core.list_namespaced_config_map(ns, label_selector="page=yes").items
        assert not left, f"deletecollection left {[i.metadata.name for i in left]}"

    @check("watch")
    def _():
        # changes made after a list are replayed by a watch from the list's resourceVersion
        rv = core.list_namespaced_config_map(ns).metadata.resource_version
        core.create_namespaced_config_map(ns, client.V1ConfigMap(metadata=client.V1ObjectMeta(name="watched"), data={"v": "1"}))
        core.patch_namespaced_config_map("watched", ns, {"data": {"v": "2"}})
        core.delete_namespaced_config_map("watched", ns)
        got = []
        w = watch.Watch()
        for ev in w.stream(
            core.list_namespaced_config_map,
            ns,
            resource_version=rv,
            field_selector="metadata.name=watched",
            timeout_seconds=15,
        ):
            obj = ev["object"]
            assert isinstance(obj, client.V1ConfigMap), f"{ev['type']} event carries {type(obj).__name__}"
            got.append(f"{ev['type']}:{(obj.data or {}).get('v')}")
            if len(got) == 3:
                w.stop()
        if not got:
            # say what the watch request was answered with (a diagnosis only: the check stays failed)
            resp = core.list_namespaced_config_map(
                ns, watch=True, resource_version=rv, field_selector="metadata.name=watched", timeout_seconds=1, _preload_content=False
            )
            first = resp.read(200).decode("utf-8", "replace")
            resp.release_conn()
            raise AssertionError(
                f"the watch stream ended without events; GET {ns}/configmaps?watch=True&resourceVersion={rv} "
                f"was answered {resp.status} {resp.headers.get('Content-Type')}: {first}"
            )
        assert got == ["ADDED:1", "MODIFIED:2", "DELETED:2"], f"events {got}"

    # ---- Deployment patches
    @check("deployment-create")
    def _():
        labels = {"app": "patched"}
        apps.create_namespaced_deployment(
            ns,
            client.V1Deployment(
                metadata=client.V1ObjectMeta(name="patched"),
                spec=client.V1DeploymentSpec(
                    replicas=1,
                    selector=client.V1LabelSelector(match_labels=labels),
                    template=client.V1PodTemplateSpec(
                        metadata=client.V1ObjectMeta(labels=labels),
                        spec=client.V1PodSpec(
                            containers=[
                                client.V1Container(name="app", image="registry.example/app:1"),
                                client.V1Container(name="sidecar", image="registry.example/sidecar:1"),
                            ]
                        ),
                    ),
                ),
            ),
        )

    dyn = dynamic.DynamicClient(api_client)

    @check("deployment-merge-patch")
    def _():
        deployments = dyn.resources.get(api_version="apps/v1", kind="Deployment")
        got = dyn.patch(
            deployments,
            name="patched",
            namespace=ns,
            body={"metadata": {"labels": {"patched": "merge"}}, "spec": {"replicas": 3}},
            content_type="application/merge-patch+json",
        )
        assert got.metadata.labels["patched"] == "merge", f"labels {got.metadata.labels}"
        assert got.spec.replicas == 3, f"replicas {got.spec.replicas}"
        assert len(got.spec.template.spec.containers) == 2, "the merge patch touched the containers"

    @check("deployment-strategic-merge-patch")
    def _():
        # the typed client sends a dict body as a strategic merge patch; containers merge by name
        got = apps.patch_namespaced_deployment(
            "patched", ns, {"spec": {"template": {"spec": {"containers": [{"name": "app", "image": "registry.example/app:2"}]}}}}
        )
        images = {c.name: c.image for c in got.spec.template.spec.containers}
        want = {"app": "registry.example/app:2", "sidecar": "registry.example/sidecar:1"}
        assert images == want, f"containers {images}"

    @check("deployment-delete")
    def _():
        apps.delete_namespaced_deployment("patched", ns, propagation_policy="Background")

    # ---- server-side apply through the dynamic client
    def apply(data, manager=MANAGER, force=True):
        configmaps = dyn.resources.get(api_version="v1", kind="ConfigMap")
        body = {
            "apiVersion": "v1",
            "kind": "ConfigMap",
            "metadata": {"name": "applied", "namespace": ns, "labels": {"owner": "compat"}},
            "data": data,
        }
        return dyn.server_side_apply(configmaps, body=body, namespace=ns, field_manager=manager, force_conflicts=force)

    @check("ssa-create")
    def _():
        got = apply({"keep": "1", "drop": "1"})
        assert got.metadata.uid, "no uid"
        assert dict(got.data) == {"keep": "1", "drop": "1"}, f"data {got.data}"

    @check("ssa-update")
    def _():
        got = apply({"keep": "2", "drop": "1", "new": "1"})
        assert dict(got.data) == {"keep": "2", "drop": "1", "new": "1"}, f"data {got.data}"

    @check("ssa-managed-fields")
    def _():
        got = core.read_namespaced_config_map("applied", ns)
        entries = [m for m in (got.metadata.managed_fields or []) if m.manager == MANAGER and m.operation == "Apply"]
        assert entries, f"no managedFields entry {{manager: {MANAGER}, operation: Apply}}; managedFields={got.metadata.managed_fields}"
        assert "f:keep" in (entries[0].fields_v1 or {}).get("f:data", {}), f"the Apply entry lacks f:data.f:keep: {entries[0].fields_v1}"

    @check("ssa-remove-field")
    def _():
        got = apply({"keep": "2", "new": "1"})
        assert dict(got.data) == {"keep": "2", "new": "1"}, f'data after applying without "drop": {dict(got.data)}'

    @check("ssa-conflict-and-force")
    def _():
        expect_status(409, lambda: apply({"keep": "other"}, manager="someone-else", force=False), "apply of a field another manager owns without force")
        got = apply({"keep": "other"}, manager="someone-else", force=True)
        assert got.data["keep"] == "other", f"forced apply did not take the field: {got.data}"

    @check("ssa-delete")
    def _():
        core.delete_namespaced_config_map("applied", ns)

    if failures:
        print(f"{failures} check(s) failed")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
