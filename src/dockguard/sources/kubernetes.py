"""Kubernetes manifests -> one ContainerSpec per container, with the line of every field.

Multi-document YAML and `kind: List`; Pod, Deployment, ReplicaSet, StatefulSet, DaemonSet, Job,
CronJob, ReplicationController (and PodTemplate); containers, initContainers and ephemeralContainers.
The pod-level and container-level securityContext are merged as the kubelet does (the container's
value wins). ServiceAccount documents in the same file give the default of
automountServiceAccountToken. Values follow Kubernetes' defaults: an unset field stays None.
"""

from __future__ import annotations

from typing import Any

from dockguard.errors import InputError
from dockguard.model.container import ContainerSpec, Mount, PortBinding
from dockguard.sources import container_common as cc
from dockguard.sources.yaml_lines import LDict, LList, YamlError, load_all

WORKLOADS = {"Pod", "Deployment", "ReplicaSet", "StatefulSet", "DaemonSet", "Job", "CronJob",
             "ReplicationController", "PodTemplate"}
_VOLUME_TYPES = ("hostPath", "emptyDir", "configMap", "secret", "persistentVolumeClaim", "projected", "downwardAPI",
                 "csi", "ephemeral", "nfs", "iscsi", "glusterfs", "rbd", "cephfs", "flexVolume", "cinder", "fc",
                 "flocker", "gitRepo", "awsElasticBlockStore", "gcePersistentDisk", "azureDisk", "azureFile",
                 "vsphereVolume", "quobyte", "portworxVolume", "scaleIO", "storageos", "photonPersistentDisk", "image")


def looks_like_kubernetes(text: str) -> bool:
    return "apiVersion:" in text and "kind:" in text


def load_file(path: str) -> list[ContainerSpec]:
    try:
        with open(path, encoding="utf-8", errors="replace") as fh:
            text = fh.read()
    except OSError as exc:
        raise InputError(path, f"cannot read: {exc.strerror}") from None
    return load_text(text, path)


def _d(v: Any) -> LDict:
    return v if isinstance(v, LDict) else LDict()


def load_text(text: str, path: str) -> list[ContainerSpec]:
    try:
        docs = load_all(text, path)
    except YamlError as exc:
        raise InputError(path, str(exc)) from None
    objects: list[LDict] = []
    for doc in docs:
        if isinstance(doc, LDict) and doc.get("kind") == "List" or (isinstance(doc, LDict) and str(doc.get("kind", "")).endswith("List") and isinstance(doc.get("items"), list)):
            objects += [o for o in doc["items"] if isinstance(o, LDict)]
        elif isinstance(doc, LDict):
            objects.append(doc)
    if not any("apiVersion" in o and "kind" in o for o in objects):
        if any("services" in o for o in objects):
            raise InputError(path, "a compose file, not a Kubernetes manifest")
        raise InputError(path, "not a Kubernetes manifest (no document with apiVersion and kind)")
    service_accounts: dict[tuple[str, str], bool] = {}
    for o in objects:
        if o.get("kind") == "ServiceAccount" and "automountServiceAccountToken" in o:
            meta = _d(o.get("metadata"))
            service_accounts[(str(meta.get("namespace") or ""), str(meta.get("name") or ""))] = bool(o["automountServiceAccountToken"])
    specs: list[ContainerSpec] = []
    for o in objects:
        kind = o.get("kind")
        if kind not in WORKLOADS:
            continue
        meta = _d(o.get("metadata"))
        spec = _d(o.get("spec"))
        if kind == "Pod":
            tmeta, pod = meta, spec
        elif kind == "PodTemplate":
            tmpl = _d(o.get("template"))
            tmeta, pod = _d(tmpl.get("metadata")), _d(tmpl.get("spec"))
        elif kind == "CronJob":
            tmpl = _d(_d(_d(spec.get("jobTemplate")).get("spec")).get("template"))
            tmeta, pod = _d(tmpl.get("metadata")), _d(tmpl.get("spec"))
        else:
            tmpl = _d(spec.get("template"))
            tmeta, pod = _d(tmpl.get("metadata")), _d(tmpl.get("spec"))
        specs += _pod(kind, meta, tmeta, pod, path, o.line, service_accounts)
    return specs


_SECCOMP_TYPES = {"RuntimeDefault": "runtime/default", "Unconfined": "unconfined"}


def _container_or_pod(read, key: str, field: str, csc, psc, spec):
    """A profile from the container's securityContext, else the pod's (the kubelet's order), with
    the line it was read from."""
    for sc in (csc, psc):
        value = read(sc)
        if value is not None:
            spec.lines[field] = sc.lines[key]
            return value
    return None


def _seccomp(sc: LDict) -> str | None:
    prof = sc.get("seccompProfile")
    if isinstance(prof, dict) and prof.get("type"):
        t = str(prof["type"])
        if t == "Localhost":
            return "localhost/" + str(prof.get("localhostProfile") or "")
        return _SECCOMP_TYPES.get(t, t)
    return None


def _apparmor(sc: LDict) -> str | None:
    prof = sc.get("appArmorProfile")
    if isinstance(prof, dict) and prof.get("type"):
        t = str(prof["type"])
        if t == "Localhost":
            return "localhost/" + str(prof.get("localhostProfile") or "")
        return {"RuntimeDefault": "runtime/default", "Unconfined": "unconfined"}.get(t, t)
    return None


def _pod(kind, meta: LDict, tmeta: LDict, pod: LDict, path: str, line, service_accounts) -> list[ContainerSpec]:
    out: list[ContainerSpec] = []
    name = str(meta.get("name") or "?")
    namespace = str(meta.get("namespace") or "") or None
    annotations = {}
    for m in (meta, tmeta):
        if isinstance(m.get("annotations"), dict):
            annotations.update({str(k): str(v) for k, v in m["annotations"].items()})
    psc = _d(pod.get("securityContext"))
    volumes = {}
    vol_list = pod.get("volumes") if isinstance(pod.get("volumes"), list) else []
    for i, v in enumerate(vol_list):
        if isinstance(v, LDict) and v.get("name"):
            volumes[str(v["name"])] = (v, vol_list.line_of(i) if isinstance(vol_list, LList) else None)
    first = True
    for group, ctype in (("initContainers", "initContainer"), ("containers", "container"),
                         ("ephemeralContainers", "ephemeralContainer")):
        clist = pod.get(group)
        if not isinstance(clist, list):
            continue
        for i, c in enumerate(clist):
            if not isinstance(c, LDict):
                continue
            spec = _container(kind, name, namespace, annotations, pod, psc, c, ctype, volumes, path, service_accounts)
            if first:
                # pod volumes no container mounts still expose the host path to the pod
                mounted = {m.source for m in spec.mounts}
                for vname, (v, vline) in volumes.items():
                    hp = v.get("hostPath")
                    if isinstance(hp, dict) and vname not in {str(vm.get("name")) for vm in (c.get("volumeMounts") or []) if isinstance(vm, dict)}:
                        if hp.get("path") not in mounted:
                            spec.mounts.append(Mount(type="hostPath", target="", source=str(hp.get("path") or ""), line=vline))
                first = False
            out.append(spec)
    return out


def _container(kind, name, namespace, annotations, pod: LDict, psc: LDict, c: LDict, ctype: str, volumes, path,
               service_accounts) -> ContainerSpec:
    cname = str(c.get("name") or "?")
    spec = ContainerSpec(name=f"{kind}/{name}/{cname}", source="kubernetes", path=path, line=c.line,
                         kind=kind, container_type=ctype, namespace=namespace)
    spec.image = str(c["image"]) if c.get("image") is not None else None
    spec.lines["image"] = c.line_of("image")
    if c.get("imagePullPolicy"):
        spec.image_pull_policy = str(c["imagePullPolicy"])
        spec.lines["image_pull_policy"] = c.lines["imagePullPolicy"]
    if isinstance(c.get("command"), list) or isinstance(c.get("args"), list):
        spec.command = [str(x) for x in (c.get("command") or []) + (c.get("args") or [])]
    csc = _d(c.get("securityContext"))

    def pick(key: str, field: str):
        """The container's value, else the pod's; record the line."""
        if key in csc:
            spec.lines[field] = csc.lines[key]
            return csc[key]
        if key in psc:
            spec.lines[field] = psc.lines[key]
            return psc[key]
        return None

    spec.privileged = bool(csc.get("privileged"))
    if "privileged" in csc:
        spec.lines["privileged"] = csc.lines["privileged"]
    ape = csc.get("allowPrivilegeEscalation")
    if ape is not None:
        spec.allow_privilege_escalation = bool(ape)
        spec.no_new_privileges = not bool(ape)
        spec.lines["no_new_privileges"] = spec.lines["allow_privilege_escalation"] = csc.lines["allowPrivilegeEscalation"]
    caps = _d(csc.get("capabilities"))
    if "add" in caps:
        spec.cap_add = [cc.norm_cap(x) for x in (caps.get("add") or [])]
        spec.lines["cap_add"] = caps.lines["add"]
    if "drop" in caps:
        spec.cap_drop = [cc.norm_cap(x) for x in (caps.get("drop") or [])]
        spec.lines["cap_drop"] = caps.lines["drop"]
    if "capabilities" in csc:
        spec.lines.setdefault("cap_drop", csc.lines["capabilities"])
    if "readOnlyRootFilesystem" in csc:
        spec.read_only_rootfs = bool(csc["readOnlyRootFilesystem"])
        spec.lines["read_only_rootfs"] = csc.lines["readOnlyRootFilesystem"]
    ru = pick("runAsUser", "user")
    if ru is not None:
        spec.user = str(ru)
    rg = pick("runAsGroup", "run_as_group")
    if rg is not None:
        spec.run_as_group = str(rg)
    rnr = pick("runAsNonRoot", "run_as_non_root")
    if rnr is not None:
        spec.run_as_non_root = bool(rnr)
    sel = pick("seLinuxOptions", "selinux")
    if isinstance(sel, dict):
        spec.selinux_options = {str(k): str(v) for k, v in sel.items()}
        if sel.get("type"):
            spec.selinux = f"type:{sel['type']}"
    # seccomp: container field, pod field, then the legacy annotations
    seccomp = _container_or_pod(_seccomp, "seccompProfile", "seccomp", csc, psc, spec)
    if seccomp is None:
        ann = annotations.get(f"container.seccomp.security.alpha.kubernetes.io/{c.get('name')}") or \
            annotations.get("seccomp.security.alpha.kubernetes.io/pod")
        if ann:
            seccomp = "runtime/default" if ann in ("runtime/default", "docker/default") else ann
    spec.seccomp = seccomp
    apparmor = _container_or_pod(_apparmor, "appArmorProfile", "apparmor", csc, psc, spec)
    if apparmor is None:
        apparmor = annotations.get(f"container.apparmor.security.beta.kubernetes.io/{c.get('name')}")
    spec.apparmor = apparmor
    if csc.get("procMount"):
        spec.proc_mount = str(csc["procMount"])
        spec.lines["proc_mount"] = csc.lines["procMount"]
        if spec.proc_mount == "Unmasked":
            spec.systempaths_unconfined = True
            spec.lines["systempaths_unconfined"] = csc.lines["procMount"]
    for sc_ in (psc, csc):
        wo = sc_.get("windowsOptions")
        if isinstance(wo, dict) and wo.get("hostProcess"):
            spec.windows_host_process = True
            spec.lines["windows_host_process"] = sc_.lines["windowsOptions"]
    spec.group_add = [str(g) for g in (psc.get("supplementalGroups") or [])]
    sysctls = psc.get("sysctls")
    if isinstance(sysctls, list):
        for i, s in enumerate(sysctls):
            if isinstance(s, dict) and s.get("name"):
                spec.sysctls[str(s["name"])] = str(s.get("value", ""))
                spec.lines[f"sysctl:{s['name']}"] = sysctls.line_of(i)
        spec.lines["sysctls"] = psc.lines["sysctls"]
    # host namespaces
    for key, field in (("hostNetwork", "network_mode"), ("hostPID", "pid_mode"), ("hostIPC", "ipc_mode")):
        if pod.get(key) is True:
            setattr(spec, field, "host")
            spec.lines[field] = pod.lines[key]
    if "hostUsers" in pod:
        spec.host_users = bool(pod["hostUsers"])
        spec.lines["host_users"] = pod.lines["hostUsers"]
    if "shareProcessNamespace" in pod:
        spec.share_process_namespace = bool(pod["shareProcessNamespace"])
    if pod.get("runtimeClassName"):
        spec.runtime = str(pod["runtimeClassName"])
        spec.lines["runtime"] = pod.lines["runtimeClassName"]
    if isinstance(pod.get("hostAliases"), list):
        for ha in pod["hostAliases"]:
            if isinstance(ha, dict):
                spec.host_aliases += [f"{h}:{ha.get('ip')}" for h in (ha.get("hostnames") or [])]
        spec.lines["host_aliases"] = pod.lines["hostAliases"]
    spec.service_account_name = str(pod.get("serviceAccountName") or pod.get("serviceAccount") or "") or None
    if "automountServiceAccountToken" in pod:
        spec.automount_service_account_token = bool(pod["automountServiceAccountToken"])
        spec.lines["automount_service_account_token"] = pod.lines["automountServiceAccountToken"]
    else:
        sa = spec.service_account_name or "default"
        if (namespace or "", sa) in service_accounts:
            spec.automount_service_account_token = service_accounts[(namespace or "", sa)]
    # volumes
    vms = c.get("volumeMounts")
    for i, vm in enumerate(vms if isinstance(vms, list) else []):
        if not isinstance(vm, LDict):
            continue
        vname = str(vm.get("name"))
        vol, _vline = volumes.get(vname, (LDict(), None))
        vtype = next((t for t in _VOLUME_TYPES if t in vol), None) or next((k for k in vol if k != "name"), "unknown")
        prop = vm.get("mountPropagation")
        ln = vms.line_of(i)
        if vtype == "hostPath":
            hp = _d(vol.get("hostPath"))
            m = Mount(type="hostPath", target=str(vm.get("mountPath", "")), source=str(hp.get("path") or ""),
                      read_only=bool(vm.get("readOnly")), propagation=str(prop) if prop else None, line=ln)
        else:
            size = None
            if vtype == "emptyDir" and isinstance(vol.get("emptyDir"), dict) and vol["emptyDir"].get("sizeLimit"):
                try:
                    size = int(cc.parse_k8s_quantity(vol["emptyDir"]["sizeLimit"]))
                except ValueError:
                    pass
            m = Mount(type=vtype, target=str(vm.get("mountPath", "")), source=vname, read_only=bool(vm.get("readOnly")),
                      propagation=str(prop) if prop else None, size=size, line=ln)
        spec.mounts.append(m)
    if isinstance(vms, list):
        spec.lines["mounts"] = c.lines["volumeMounts"]
    # resources
    res = _d(c.get("resources"))
    limits, requests = _d(res.get("limits")), _d(res.get("requests"))
    if limits.get("memory") is not None:
        spec.limits_memory = str(limits["memory"])
        try:
            spec.memory = int(cc.parse_k8s_quantity(limits["memory"]))
        except ValueError as exc:
            spec.unresolved.append(f"resources.limits.memory: {exc}")
        spec.lines["memory"] = limits.lines["memory"]
    if limits.get("cpu") is not None:
        spec.limits_cpu = str(limits["cpu"])
        try:
            spec.nano_cpus = int(cc.parse_k8s_quantity(limits["cpu"]) * 1e9)
        except ValueError as exc:
            spec.unresolved.append(f"resources.limits.cpu: {exc}")
        spec.lines["nano_cpus"] = limits.lines["cpu"]
    if limits.get("ephemeral-storage") is not None:
        spec.limits_ephemeral_storage = str(limits["ephemeral-storage"])
    if requests.get("cpu") is not None:
        spec.requests_cpu = str(requests["cpu"])
    if requests.get("memory") is not None:
        spec.requests_memory = str(requests["memory"])
    if "resources" in c:
        spec.lines["resources"] = c.lines["resources"]
    # ports
    ports = c.get("ports")
    for i, p in enumerate(ports if isinstance(ports, list) else []):
        if not isinstance(p, dict):
            continue
        hp = p.get("hostPort")
        spec.ports.append(PortBinding(container_port=str(p.get("containerPort", "")),
                                      protocol=str(p.get("protocol") or "TCP").lower(),
                                      host_ip=(str(p.get("hostIP") or "") if hp else None),
                                      host_port=(str(hp) if hp else None), line=ports.line_of(i)))
    # env
    env = c.get("env")
    for i, e in enumerate(env if isinstance(env, list) else []):
        if not isinstance(e, dict) or not e.get("name"):
            continue
        if "value" in e:
            spec.env[str(e["name"])] = "" if e["value"] is None else str(e["value"])
            spec.lines[f"env:{e['name']}"] = env.line_of(i)
        elif isinstance(e.get("valueFrom"), dict) and e["valueFrom"].get("secretKeyRef"):
            ref = e["valueFrom"]["secretKeyRef"]
            spec.secrets.append(str(ref.get("name") if isinstance(ref, dict) else ref))
    for ef in c.get("envFrom") or []:
        if isinstance(ef, dict) and isinstance(ef.get("secretRef"), dict):
            spec.secrets.append(str(ef["secretRef"].get("name")))
    if "env" in c:
        spec.lines["env"] = c.lines["env"]
    # probes and their hosts
    for probe in ("livenessProbe", "readinessProbe", "startupProbe"):
        if isinstance(c.get(probe), dict):
            spec.probes.append(probe.replace("Probe", ""))
            for handler in ("httpGet", "tcpSocket"):
                h = c[probe].get(handler)
                if isinstance(h, dict) and h.get("host"):
                    spec.probe_hosts.append(str(h["host"]))
                    spec.lines["probe_hosts"] = c.lines[probe]
    lc = c.get("lifecycle")
    if isinstance(lc, dict):
        for hook in ("postStart", "preStop"):
            hk = lc.get(hook)
            for handler in ("httpGet", "tcpSocket"):
                h = hk.get(handler) if isinstance(hk, dict) else None
                if isinstance(h, dict) and h.get("host"):
                    spec.probe_hosts.append(str(h["host"]))
                    spec.lines["probe_hosts"] = c.lines["lifecycle"]
    spec.healthcheck = bool(spec.probes)
    spec.lines = {k: v for k, v in spec.lines.items() if v is not None}
    return spec
