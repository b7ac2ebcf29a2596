"""Base-image rules (DG103–DG107): ARG resolution, stages, scratch, registries, levels."""

from __future__ import annotations

from dockguard.config import Config
from dockguard.model.finding import Severity

from tests.rules.dockerfile.security_support import findings, run


def test_latest_and_untagged():
    assert run("FROM node\n", "DG104") == [(1, "FROM node: no tag, so the build pulls 'latest'")]
    assert run("FROM test.registry.com:3000/openjdk\n", "DG104") == [
        (1, "FROM test.registry.com:3000/openjdk: no tag, so the build pulls 'latest'")]
    assert run("FROM alpine:latest AS x\n", "DG104") == [(1, "FROM alpine:latest: the 'latest' tag changes with every release")]
    assert run("FROM alpine@sha256:" + "a" * 64 + "\n", "DG104") == []


def test_stage_names_scratch_and_platform_are_not_images():
    text = ("FROM --platform=$BUILDPLATFORM python:3.11-slim AS Build\n"
            "FROM build AS run\nFROM scratch\nFROM run\n")
    assert run(text, "DG104") == []


def test_arg_resolution_in_from():
    assert run('ARG TAG="latest"\nFROM foo:${TAG}\n', "DG104") == [
        (2, "FROM foo:${TAG} (resolves to foo:latest): the 'latest' tag changes with every release")]
    assert run("ARG IMAGE=alpine:3.12\nFROM $IMAGE\n", "DG104") == []
    assert run("ARG V=3.20\nFROM alpine:${V:-latest}\n", "DG104") == []
    assert run("FROM alpine:${V:-latest}\n", "DG104") == [
        (1, "FROM alpine:${V:-latest} (resolves to alpine:latest): the 'latest' tag changes with every release")]
    # ARG declared inside a stage is not visible to a later FROM (BuildKit scoping)
    assert run("FROM alpine:3.5\nARG IMAGE=all-in-one\nFROM $IMAGE\n", "DG104") == []


def test_unresolved_arg_is_unknown_not_a_false_positive():
    assert run("ARG TAG\nFROM foo:${TAG}\n", "DG104") == []
    assert run("ARG BASE\nFROM $BASE\n", "DG104") == []
    found = findings("ARG BASE\nFROM $BASE\n", "DG103")
    assert [(f.location.line, f.severity) for f in found] == [(2, Severity.INFO)]
    assert "ARG BASE has no default" in found[0].message
    # the tag is missing whatever the registry ARG holds
    assert run("ARG REGISTRY\nFROM ${REGISTRY}/ubuntu\n", "DG104") == [
        (2, "FROM ${REGISTRY}/ubuntu (ARG REGISTRY has no default): no tag, so the build pulls 'latest'")]
    assert run("ARG REGISTRY\nFROM ${REGISTRY}/ubuntu:24.04\n", "DG104") == []


def test_digest_levels():
    text = "FROM python:3.12-slim\n"
    assert [(f.message, f.severity) for f in findings(text, "DG103")] == [
        ("FROM python:3.12-slim: base image not pinned by digest (@sha256:…)", Severity.INFO)]
    cfg = Config()
    cfg.rules["DG103"] = {"level": "digest"}
    assert [f.severity for f in findings(text, "DG103", config=cfg)] == [Severity.MEDIUM]
    assert run("FROM python:3.12-slim@sha256:" + "b" * 64 + "\n", "DG103") == []
    assert run("FROM scratch\n", "DG103") == []


def test_trusted_registries():
    text = "FROM nginx:1.27\nFROM ghcr.io/acme/tool:1\nFROM ghcr.io/other/tool:1\nFROM quay.io/x/y:1\n"
    cfg = Config(trusted_registries=["docker.io/library", "ghcr.io/acme"])
    assert [(f.location.line, f.message) for f in findings(text, "DG105", config=cfg)] == [
        (3, "FROM ghcr.io/other/tool:1: ghcr.io/other/tool is not in trusted_registries"),
        (4, "FROM quay.io/x/y:1: quay.io/x/y is not in trusted_registries"),
    ]
    assert findings("FROM bitnami/redis:7\n", "DG105", config=Config(trusted_registries=["docker.io"])) == []
    # without a list: only registries that are not well known, as info
    found = findings("FROM r.example.net/base:1\nFROM quay.io/x/y:1\n", "DG105")
    assert [(f.location.line, f.severity) for f in found] == [(1, Severity.INFO)]


def test_full_base_only_in_shipped_stage():
    assert run("FROM python:3.12\n", "DG106") == [
        (1, "FROM python:3.12: a full python image in the shipped stage; consider python:<version>-slim or -alpine, or distroless python")]
    assert run("FROM golang:1.22 AS b\nFROM alpine:3.20\n", "DG106") == []
    assert run("FROM python:3.12-alpine\n", "DG106") == []
    assert run("FROM eclipse-temurin:21-jre\n", "DG106") == []
    assert run("FROM debian:12 AS base\nFROM base\n", "DG106") == [
        (1, "FROM debian:12: a full debian image in the shipped stage; consider debian:<release>-slim or distroless")]


def test_platform_flag():
    assert run("FROM --platform=linux/amd64 alpine:3.20\n", "DG107") == [(1, "FROM --platform=linux/amd64: hard-coded platform")]
    assert run("FROM --platform=${TARGETPLATFORM} alpine:3.20\n", "DG107") == []
