"""The world behind the access-control matrix: one object of each kind a route can point at, and the seven
actors (anonymous, citizen owner, other citizen, counter officer of the dossier's unit, officer of another unit,
leader of the processing department, administrator)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver

from motcua.accounts.choices import Role, UserKind
from motcua.accounts.services import user_create
from motcua.dossiers import services
from motcua.dossiers.services import Upload
from motcua.dossiers.tests.factories import OneStopFactory, World, officer_in
from motcua.reform.tests.factories import ReformWorld
from motcua.scorecard.tests.factories import par_framework

ACTORS = ("anonymous", "owner", "other_citizen", "counter", "other_unit", "leader", "admin")
MISSING = 999_999  # for routes whose object the table does not build: access is decided before the lookup


def named_routes() -> dict[str, str]:
    """Every named route outside the Django admin → its pattern (the admin has its own test)."""

    def walk(patterns, prefix: str, namespace: str | None):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = pattern.namespace
                ns = f"{namespace}:{inner}" if namespace and inner else inner or namespace
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), ns)
            elif isinstance(pattern, URLPattern) and pattern.name:
                yield (f"{namespace}:{pattern.name}" if namespace else pattern.name), prefix + str(pattern.pattern)

    return {name: route for name, route in walk(get_resolver().url_patterns, "", None) if not name.startswith("admin:")}


def citizen(username: str):
    return user_create(username=username, password=None, kind=UserKind.CITIZEN, full_name="Nguyễn Văn An")


class MatrixWorld:
    def __init__(self) -> None:
        self.world = World(online_level="full")
        self.owner = citizen("chu-ho-so")
        self.actors = {
            "anonymous": None,
            "owner": self.owner,
            "other_citizen": citizen("nguoi-khac"),
            "counter": self.world.counter,
            "other_unit": officer_in(OneStopFactory(), Role.COUNTER_OFFICER),
            "leader": self.world.leader,
            "admin": get_user_model().objects.create_superuser(username="quantri", password=None),
        }
        self.dossier = services.dossier_submit(
            procedure=self.world.procedure,
            receiving_unit=self.world.one_stop,
            applicant_name="Nguyễn Văn An",
            applicant_phone="0912345678",
            applicant_user=self.owner,
            documents=[Upload(file=SimpleUploadedFile("to-khai.pdf", b"%PDF-1.4\n% test\n"), name="to-khai.pdf")],
        )
        self.document = self.dossier.documents.get()
        reform = ReformWorld()
        self.plan = reform.plan()
        self.task = reform.task(self.plan)
        self.survey = reform.survey()
        self.contest = reform.contest()
        self.framework = par_framework()

    def kwargs(self) -> dict[str, dict]:
        """URL arguments per route argument name (routes share argument names)."""
        code = self.dossier.code
        return {
            "code": code,
            "unit_code": self.world.one_stop.code,
            "document_id": self.document.pk,
            "evidence_pk": MISSING,
            "number": "01",
            "action": "forward",
            "token": "khong-co",
            "slug": "khong-co",
            "ident": "on_time_rate",
            "path": "khong-co",
            "rest": "khong-co",
            "step": "khong-co",
            "key": "khong-co",
            "result_code": f"{code}-KQ1",
            "appointment_pk": MISSING,
            "session_id": MISSING,
        }

    def url_kwargs(self, name: str, route: str) -> dict:
        """The arguments `name` needs: shared names from `kwargs`, `pk` and procedure codes by route."""
        import re

        shared = self.kwargs()
        pks = {
            "scorecard": self.framework.pk,
            "reform:plan": self.plan.pk,
            "reform:task_create": self.plan.pk,
            "reform:inspection": self.plan.pk,
            "reform:task": self.task.pk,
            "reform:evidence": self.task.pk,
            "reform:survey": self.survey.pk,
            "reform:round": self.contest.pk,
        }
        values = {}
        for argument in re.findall(r"<(?:\w+:)?(\w+)>", route):
            if argument == "pk":
                values["pk"] = next((pk for prefix, pk in pks.items() if name.startswith(prefix)), MISSING)
            elif argument == "code" and ("procedure" in name or name == "portal:submit"):
                values["code"] = self.world.procedure.code
            else:
                values[argument] = shared[argument]
        return values
