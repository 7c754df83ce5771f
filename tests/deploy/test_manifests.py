"""deploy/ against the code: every service deployed, probed on its gRPC port, scaled on its
own queue, and given only settings it reads (and every setting it needs).

The checkers return a list of problems (empty: fine), so each rule is also tested on a
manifest broken on purpose, to show it can fail.
"""

from __future__ import annotations

import copy
import importlib
import inspect
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
import yaml
from pydantic import ValidationError
from pydantic_settings import BaseSettings

from common.bus import QUEUES
from common.metrics import PLACES
from common.settings import PlatformSettings

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
K8S = DEPLOY / "k8s"

QUEUE_OF = {
    "intake": "intake.submissions",
    "routing": "routing.complaints",
    "deadlines": "deadlines.cases",
    "notifications": "notifications.events",
    "records": "records.events",
}
SERVICES = tuple(QUEUE_OF)
# Settings read through os.environ rather than a settings class (common.settings
# store_url_for, common.metrics.metrics_port).
OS_ENVIRON_READS = ("{service}_STORE_URL", "{service}_METRICS_PORT")
# Settings that hold credentials: in Kubernetes only ever from a Secret.
SENSITIVE = re.compile(r"(SECRET|PASSWORD|USERNAME|API_KEY|AMQP_URL|STORE_URL)$")


# --- loading ------------------------------------------------------------------------


def load_all() -> list[tuple[Path, dict[str, Any]]]:
    """Every YAML document under deploy/ (parsing is the first check)."""
    docs = []
    for path in sorted(DEPLOY.rglob("*.y*ml")):
        with path.open() as f:
            docs += [(path, d) for d in yaml.safe_load_all(f) if d is not None]
    return docs


def k8s_objects(kind: str) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for path, doc in load_all():
        if path.is_relative_to(K8S) and doc.get("kind") == kind:
            name = doc["metadata"]["name"]
            assert name not in found, f"two {kind}s named {name}"
            found[name] = doc
    return found


def compose() -> dict[str, Any]:
    with (DEPLOY / "compose.yaml").open() as f:
        return yaml.safe_load(f)


# --- what a service reads -----------------------------------------------------------


def settings_classes(service: str) -> list[type[BaseSettings]]:
    """PlatformSettings and the settings class(es) of ``services.<service>.config``."""
    module = importlib.import_module(f"services.{service}.config")
    own = [
        c
        for _, c in inspect.getmembers(module, inspect.isclass)
        if issubclass(c, BaseSettings) and c.__module__ == module.__name__
    ]
    assert own, f"services.{service}.config defines no settings class"
    return [PlatformSettings, *own]


def env_name(cls: type[BaseSettings], field: str) -> str:
    return f"{cls.model_config.get('env_prefix', '')}{field}".upper()


def readable_env(service: str, classes: list[type[BaseSettings]] | None = None) -> set[str]:
    classes = classes if classes is not None else settings_classes(service)
    names = {env_name(c, f) for c in classes for f in c.model_fields}
    return names | {n.format(service=service.upper()) for n in OS_ENVIRON_READS}


def grpc_port_default(service: str) -> int:
    (own,) = settings_classes(service)[1:]
    return int(own.model_fields["grpc_port"].default)


# --- the environment a container gets -----------------------------------------------


@dataclass(frozen=True)
class Env:
    source: str  # literal | configmap | secret | field
    value: str | None = None  # None: not known here (a Secret, a compose ${VAR})


def container_env(
    container: dict[str, Any], configmaps: dict[str, dict[str, Any]]
) -> dict[str, Env]:
    """The variables a Kubernetes container is given; raises on what cannot be resolved."""
    env: dict[str, Env] = {}
    for ref in container.get("envFrom", []):
        if "secretRef" in ref:
            raise ValueError(
                "envFrom secretRef hides which variables are set: use env/secretKeyRef"
            )
        name = ref["configMapRef"]["name"]
        if name not in configmaps:
            raise ValueError(f"envFrom ConfigMap {name!r} is not in deploy/k8s")
        for key, value in configmaps[name].get("data", {}).items():
            env[ref.get("prefix", "") + key] = Env("configmap", str(value))
    for var in container.get("env", []):
        source = var.get("valueFrom")
        if source is None:
            env[var["name"]] = Env("literal", str(var.get("value", "")))
        elif "secretKeyRef" in source:
            env[var["name"]] = Env("secret")
        elif "configMapKeyRef" in source:
            ref = source["configMapKeyRef"]
            data = configmaps.get(ref["name"], {}).get("data", {})
            if ref["key"] not in data:
                raise ValueError(f"{var['name']}: ConfigMap {ref['name']!r} has no {ref['key']!r}")
            env[var["name"]] = Env("configmap", str(data[ref["key"]]))
        else:
            env[var["name"]] = Env("field")
    return env


def compose_env(service: dict[str, Any]) -> dict[str, Env]:
    raw = service.get("environment", {})
    if isinstance(raw, list):
        raw = dict(item.split("=", 1) if "=" in item else (item, None) for item in raw)
    env = {}
    for name, value in raw.items():
        text = None if value is None else str(value)
        if text is not None and "${" in text:
            default = re.fullmatch(r"\$\{\w+:?-(.*)\}", text)
            text = default.group(1) if default else None
        env[name] = Env("literal", text)
    return env


# --- checkers -----------------------------------------------------------------------


def check_env(
    service: str, env: dict[str, Env], classes: list[type[BaseSettings]] | None = None
) -> list[str]:
    """Every variable is one the service reads; every required setting is set; every
    known value parses."""
    classes = classes if classes is not None else settings_classes(service)
    problems = [
        f"{service}: sets {name}, which the service does not read"
        for name in sorted(set(env) - readable_env(service, classes))
    ]
    for cls in classes:
        for field, info in cls.model_fields.items():
            if info.is_required() and env_name(cls, field) not in env:
                problems.append(f"{service}: required {env_name(cls, field)} is not set")
    known = {n: e.value for n, e in env.items() if e.value is not None}
    with mock.patch.dict(os.environ, known, clear=True):
        for cls in classes:
            try:
                cls()
            except ValidationError as e:
                if not any(p.endswith("is not set") for p in problems):
                    problems.append(f"{service}: {cls.__name__} rejects the values: {e}")
    return problems


def _int(env: Env | None, default: int) -> int:
    """The variable's value as a number; ``default`` when unset or unknown (check_env
    reports a value that does not parse)."""
    try:
        return int(env.value) if env is not None and env.value else default
    except ValueError:
        return default


def metrics_port_of(service: str, env: dict[str, Env]) -> int:
    """As common.metrics.metrics_port: ``<SERVICE>_METRICS_PORT``, else base + place."""
    base = _int(
        env.get("PLATFORM_METRICS_PORT_BASE"),
        PlatformSettings.model_fields["metrics_port_base"].default,
    )
    return _int(env.get(f"{service.upper()}_METRICS_PORT"), base + PLACES[service])


def check_deployment(
    service: str, deployment: dict[str, Any], configmaps: dict[str, dict[str, Any]]
) -> list[str]:
    problems: list[str] = []
    spec = deployment["spec"]
    template = spec["template"]
    labels = template["metadata"].get("labels", {})
    if not set(spec["selector"]["matchLabels"].items()) <= set(labels.items()):
        problems.append(f"{service}: selector does not match the pod labels")
    containers = [c for c in template["spec"]["containers"] if c["name"] == service]
    if len(containers) != 1:
        return [*problems, f"{service}: no container named {service}"]
    (container,) = containers
    if container.get("command") != ["python", "-m", f"services.{service}"]:
        problems.append(f"{service}: command is not python -m services.{service}")
    try:
        env = container_env(container, configmaps)
    except (ValueError, KeyError) as e:
        return [*problems, f"{service}: {e}"]
    problems += check_env(service, env)

    for name in ("PLATFORM_GRPC_HOST", "PLATFORM_METRICS_HOST"):
        if env.get(name, Env("")).value != "0.0.0.0":
            problems.append(f"{service}: {name} is not 0.0.0.0")
    if env.get("PLATFORM_MODE", Env("")).value != "production":
        problems.append(f"{service}: PLATFORM_MODE is not production")
    for name, given in env.items():
        if SENSITIVE.search(name) and given.source != "secret":
            problems.append(f"{service}: {name} is not read from a Secret")

    ports = {p.get("name"): p["containerPort"] for p in container.get("ports", [])}
    grpc_port = _int(env.get(f"{service.upper()}_GRPC_PORT"), grpc_port_default(service))
    if ports.get("grpc") != grpc_port:
        problems.append(f"{service}: container port 'grpc' is not {grpc_port}")
    for probe in ("readinessProbe", "livenessProbe"):
        got = container.get(probe, {}).get("grpc", {}).get("port")
        if got != grpc_port:
            problems.append(f"{service}: {probe} is not a grpc probe on {grpc_port} ({got})")
    # Readiness on the overall health; liveness on `liveness`, which stays SERVING while
    # the process runs, so an outage of the broker or store never restarts every pod.
    for probe, wanted in (("readinessProbe", None), ("livenessProbe", "liveness")):
        named = container.get(probe, {}).get("grpc", {}).get("service")
        if named != wanted:
            problems.append(f"{service}: {probe} asks gRPC health for {named!r}, not {wanted!r}")

    metrics = metrics_port_of(service, env)
    if ports.get("metrics") != metrics:
        problems.append(f"{service}: container port 'metrics' is not {metrics}")
    annotations = template["metadata"].get("annotations", {})
    if annotations.get("prometheus.io/scrape") != "true":
        problems.append(f"{service}: no prometheus.io/scrape annotation")
    if annotations.get("prometheus.io/port") != str(metrics):
        problems.append(f"{service}: prometheus.io/port is not {metrics}")
    if not template["spec"].get("securityContext", {}).get("runAsNonRoot"):
        problems.append(f"{service}: pods may run as root")
    return problems


def check_scaled_object(
    service: str, scaled: dict[str, Any] | None, deployment_name: str
) -> list[str]:
    if scaled is None:
        return [f"{service}: no ScaledObject"]
    problems = []
    if scaled["spec"]["scaleTargetRef"].get("name") != deployment_name:
        problems.append(f"{service}: ScaledObject scales {scaled['spec']['scaleTargetRef']}")
    queues = [
        t["metadata"].get("queueName")
        for t in scaled["spec"]["triggers"]
        if t["type"] == "rabbitmq"
    ]
    if queues != [QUEUE_OF[service]]:
        problems.append(f"{service}: ScaledObject scales on {queues}, not {QUEUE_OF[service]}")
    return problems


def check_pdb(service: str, pdb: dict[str, Any] | None, deployment: dict[str, Any]) -> list[str]:
    if pdb is None:
        return [f"{service}: no PodDisruptionBudget"]
    labels = deployment["spec"]["template"]["metadata"].get("labels", {})
    selector = pdb["spec"].get("selector", {}).get("matchLabels", {})
    if not selector or not set(selector.items()) <= set(labels.items()):
        return [f"{service}: PodDisruptionBudget does not select the service's pods"]
    return []


def check_compose_service(service: str, entry: dict[str, Any] | None) -> list[str]:
    if entry is None:
        return [f"{service}: not in compose.yaml"]
    problems = []
    if entry.get("command") != ["python", "-m", f"services.{service}"]:
        problems.append(f"{service}: compose command is not python -m services.{service}")
    env = compose_env(entry)
    problems += check_env(service, env)
    if "replicaSet=" not in (env.get("PLATFORM_STORE_URL", Env("")).value or ""):
        problems.append(f"{service}: PLATFORM_STORE_URL is not the MongoDB replica set")
    if env.get("PLATFORM_MODE", Env("")).value != "development":
        problems.append(f"{service}: compose PLATFORM_MODE is not development")
    published = {str(p).rsplit(":", 1)[-1] for p in entry.get("ports", [])}
    if str(grpc_port_default(service)) not in published:
        problems.append(f"{service}: gRPC port {grpc_port_default(service)} not published")
    return problems


# --- the real deploy/ -----------------------------------------------------------------


def test_every_yaml_file_parses() -> None:
    assert {p.name for p, _ in load_all()} >= {"compose.yaml", "kustomization.yaml"}


def test_queue_names_are_the_platforms() -> None:
    assert set(QUEUE_OF.values()) == {q.name for q in QUEUES}


@pytest.mark.parametrize("service", SERVICES)
def test_kubernetes_service(service: str) -> None:
    deployments = k8s_objects("Deployment")
    assert service in deployments, f"no Deployment for {service}"
    problems = check_deployment(service, deployments[service], k8s_objects("ConfigMap"))
    problems += check_scaled_object(service, k8s_objects("ScaledObject").get(service), service)
    problems += check_pdb(
        service, k8s_objects("PodDisruptionBudget").get(service), deployments[service]
    )
    assert problems == []


@pytest.mark.parametrize("service", SERVICES)
def test_compose_service(service: str) -> None:
    assert check_compose_service(service, compose()["services"].get(service)) == []


def test_no_secret_values_in_kubernetes_manifests() -> None:
    for path, doc in load_all():
        if not path.is_relative_to(K8S):
            continue
        assert doc.get("kind") != "Secret" or not (doc.get("data") or doc.get("stringData")), path
        if doc.get("kind") == "ConfigMap":
            assert not [k for k in doc.get("data", {}) if SENSITIVE.search(k)], path


def test_kustomization_lists_every_manifest() -> None:
    with (K8S / "kustomization.yaml").open() as f:
        resources = set(yaml.safe_load(f)["resources"])
    assert resources == {p.name for p in K8S.glob("*.yaml")} - {"kustomization.yaml"}


def test_keda_authentication_is_defined() -> None:
    auths = k8s_objects("TriggerAuthentication")
    for scaled in k8s_objects("ScaledObject").values():
        for trigger in scaled["spec"]["triggers"]:
            assert trigger["authenticationRef"]["name"] in auths


def test_compose_rabbitmq_has_management_and_prometheus() -> None:
    services = compose()["services"]
    assert "mailpit" in services and "--replSet" in services["mongo"]["command"]
    mounts = [v.split(":")[0] for v in services["rabbitmq"]["volumes"]]
    plugins = (DEPLOY / mounts[0]).read_text()
    assert "rabbitmq_management" in plugins and "rabbitmq_prometheus" in plugins


# --- each rule can fail ------------------------------------------------------------------


@pytest.fixture
def intake() -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    return copy.deepcopy(k8s_objects("Deployment")["intake"]), k8s_objects("ConfigMap")


def _container(deployment: dict[str, Any]) -> dict[str, Any]:
    return deployment["spec"]["template"]["spec"]["containers"][0]


def _assert_caught(problems: list[str], fragment: str) -> None:
    assert any(fragment in p for p in problems), problems


def test_catches_unknown_variable(intake) -> None:
    deployment, configmaps = intake
    _container(deployment)["env"].append({"name": "NOTIFICATIONS_SMTP_HOST", "value": "x"})
    _assert_caught(check_deployment("intake", deployment, configmaps), "does not read")


def test_catches_unknown_variable_from_configmap(intake) -> None:
    deployment, configmaps = intake
    configmaps = copy.deepcopy(configmaps)
    configmaps["complaints-platform"]["data"]["PLATFORM_TYPO"] = "1"
    _assert_caught(check_deployment("intake", deployment, configmaps), "PLATFORM_TYPO")


def test_catches_missing_required_setting() -> None:
    class Needs(BaseSettings):
        model_config = {"env_prefix": "INTAKE_"}
        region: str

    problems = check_env("intake", {}, [PlatformSettings, Needs])
    _assert_caught(problems, "required INTAKE_REGION is not set")
    assert (
        check_env("intake", {"INTAKE_REGION": Env("literal", "x")}, [PlatformSettings, Needs]) == []
    )


def test_catches_unparsable_value(intake) -> None:
    deployment, configmaps = intake
    for var in _container(deployment)["env"]:
        if var["name"] == "INTAKE_GRPC_PORT":
            var["value"] = "not-a-port"
    _assert_caught(check_deployment("intake", deployment, configmaps), "rejects the values")


def test_catches_wrong_probe_port_or_service(intake) -> None:
    deployment, configmaps = intake
    _container(deployment)["livenessProbe"]["grpc"]["port"] = 50052
    _assert_caught(check_deployment("intake", deployment, configmaps), "livenessProbe")
    del _container(deployment)["livenessProbe"]["grpc"]["service"]
    _assert_caught(check_deployment("intake", deployment, configmaps), "not 'liveness'")
    del _container(deployment)["readinessProbe"]
    _assert_caught(check_deployment("intake", deployment, configmaps), "readinessProbe")


def test_probe_port_follows_the_default_when_env_does_not_set_it(intake) -> None:
    deployment, configmaps = intake
    container = _container(deployment)
    container["env"] = [v for v in container["env"] if v["name"] != "INTAKE_GRPC_PORT"]
    assert check_deployment("intake", deployment, configmaps) == []
    for probe in ("readinessProbe", "livenessProbe"):
        container[probe]["grpc"]["port"] = 50099
    _assert_caught(check_deployment("intake", deployment, configmaps), "not a grpc probe on 50051")


def test_catches_literal_secret(intake) -> None:
    deployment, configmaps = intake
    for var in _container(deployment)["env"]:
        if var["name"] == "PLATFORM_AUTH_SECRET":
            var.pop("valueFrom")
            var["value"] = "x" * 40
    _assert_caught(check_deployment("intake", deployment, configmaps), "not read from a Secret")


def test_catches_envfrom_secret_and_missing_configmap(intake) -> None:
    deployment, configmaps = intake
    _container(deployment)["envFrom"].append({"configMapRef": {"name": "nowhere"}})
    _assert_caught(check_deployment("intake", deployment, configmaps), "not in deploy/k8s")
    _container(deployment)["envFrom"] = [{"secretRef": {"name": "complaints-platform"}}]
    _assert_caught(check_deployment("intake", deployment, configmaps), "envFrom secretRef")


def test_catches_development_mode_and_loopback_hosts(intake) -> None:
    deployment, configmaps = intake
    configmaps = copy.deepcopy(configmaps)
    configmaps["complaints-platform"]["data"]["PLATFORM_MODE"] = "development"
    container = _container(deployment)
    container["env"] = [v for v in container["env"] if v["name"] != "PLATFORM_GRPC_HOST"]
    problems = check_deployment("intake", deployment, configmaps)
    _assert_caught(problems, "PLATFORM_MODE is not production")
    _assert_caught(problems, "PLATFORM_GRPC_HOST is not 0.0.0.0")


def test_catches_wrong_metrics_port_and_annotations(intake) -> None:
    deployment, configmaps = intake
    deployment["spec"]["template"]["metadata"]["annotations"] = {}
    for port in _container(deployment)["ports"]:
        if port["name"] == "metrics":
            port["containerPort"] = 9102
    problems = check_deployment("intake", deployment, configmaps)
    _assert_caught(problems, "container port 'metrics' is not 9101")
    _assert_caught(problems, "prometheus.io/scrape")


def test_catches_wrong_command_and_root(intake) -> None:
    deployment, configmaps = intake
    _container(deployment)["command"] = ["python", "-m", "services.routing"]
    deployment["spec"]["template"]["spec"]["securityContext"] = {}
    problems = check_deployment("intake", deployment, configmaps)
    _assert_caught(problems, "command")
    _assert_caught(problems, "as root")


def test_catches_scaled_object_on_another_queue() -> None:
    scaled = copy.deepcopy(k8s_objects("ScaledObject")["intake"])
    scaled["spec"]["triggers"][0]["metadata"]["queueName"] = "records.events"
    _assert_caught(check_scaled_object("intake", scaled, "intake"), "not intake.submissions")
    _assert_caught(check_scaled_object("intake", scaled, "routing"), "scales {")
    _assert_caught(check_scaled_object("intake", None, "intake"), "no ScaledObject")


def test_catches_pdb_missing_or_selecting_other_pods() -> None:
    deployment = k8s_objects("Deployment")["intake"]
    pdb = copy.deepcopy(k8s_objects("PodDisruptionBudget")["intake"])
    pdb["spec"]["selector"]["matchLabels"] = {"app.kubernetes.io/name": "routing"}
    _assert_caught(check_pdb("intake", pdb, deployment), "does not select")
    _assert_caught(check_pdb("intake", None, deployment), "no PodDisruptionBudget")


def test_catches_compose_mistakes() -> None:
    entry = copy.deepcopy(compose()["services"]["notifications"])
    entry["environment"]["PLATFORM_STORE_URL"] = "sqlite:///x.db"
    entry["environment"]["PLATFORM_MODE"] = "production"
    entry["environment"]["RECORDS_RETENTION"] = "{}"
    entry["ports"] = ["9104:9104"]
    problems = check_compose_service("notifications", entry)
    for fragment in ("replica set", "not development", "RECORDS_RETENTION", "not published"):
        _assert_caught(problems, fragment)
    _assert_caught(check_compose_service("notifications", None), "not in compose.yaml")
