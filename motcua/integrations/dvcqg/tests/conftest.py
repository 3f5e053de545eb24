import pytest

from motcua.dossiers.tests.factories import World
from motcua.integrations.dvcqg.client import forget_sessions
from motcua.integrations.dvcqg.double import LgspDouble
from motcua.sync.choices import EndpointKind
from motcua.sync.services import endpoint_create
from motcua.workdays.selectors import invalidate_calendar

FAST = {"BACKOFF_BASE": 0, "TIMEOUT": 2, "MAX_ATTEMPTS": 5, "BATCH": 10, "IDLE_SLEEP": 0.05}


@pytest.fixture(autouse=True)
def _fast(settings):
    settings.MOTCUA_SYNC = dict(FAST)
    settings.MOTCUA_BREAKER = {"THRESHOLD": 3, "COOLDOWN": 60}
    forget_sessions()
    invalidate_calendar()
    yield
    forget_sessions()
    invalidate_calendar()


@pytest.fixture
def world(db) -> World:
    return World()


@pytest.fixture
def lgsp(world):
    code = world.procedure.code
    with LgspDouble(procedures={code: world.procedure.name, "1.000080": "Đăng ký nhận cha, mẹ, con"}) as double:
        yield double


@pytest.fixture
def national(lgsp):
    return endpoint_create(
        name="DVCQG qua LGSP (double)",
        kind=EndpointKind.NATIONAL_PORTAL,
        url=lgsp.service_url,
        auth_url=lgsp.auth_url,
        username=lgsp.username,
        password=lgsp.password,
        unit_code=lgsp.unit_code,
    )
