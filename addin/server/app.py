"""The HTTP API: one POST per action, a GET to poll a job, the OpenAPI description.

``create_app(config)`` builds it; ``create_app_from_env()`` is what each uvicorn worker
imports. Every answer is JSON. A request is identified before its body is looked at, so
missing or wrong credentials are 401 whatever the body (never 422), a book outside the
caller's company or allow-list 403, a body too large 413, too many requests 429, and an
identity token that cannot be checked because Google's keys cannot be fetched 503 with
Retry-After.
"""

import logging
import time
from collections.abc import AsyncIterator, Callable
from concurrent.futures import TimeoutError as FutureTimeout
from contextlib import asynccontextmanager
from typing import Annotated, Any

from backoffice.addin.server import logs, refusals
from backoffice.addin.server.addresses import resolve
from backoffice.addin.server.auth import Caller, Keys, authorize, identify, rate_key
from backoffice.addin.server.catalog import OFFERED, Offered
from backoffice.addin.server.config import ServerConfig
from backoffice.addin.server.jobs import Jobs
from backoffice.addin.server.limits import BodyLimit, RateLimiter
from backoffice.addin.server.refusals import Refusal
from backoffice.addin.server.state import open_state
from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.security import HTTPBearer

from backoffice.version import __version__

log = logging.getLogger("backoffice.server")

#: Declared for the OpenAPI description only; the check itself is :func:`identify`.
BEARER = HTTPBearer(auto_error=False, description="A Google identity token or an API token (bo_…)")


def create_app(config: ServerConfig) -> FastAPI:
    """The application for ``config``."""
    logs.configure()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.engine = open_state(config.store)
        app.state.jobs = Jobs(app.state.engine, config)
        yield
        app.state.jobs.close()
        app.state.engine.dispose()

    app = FastAPI(title="backoffice action server", version=__version__, lifespan=lifespan,
                  description="The back office's actions on the books this server reaches.")
    app.state.config = config
    app.state.keys = Keys(config.certs_url, refetch=config.keys_refetch)
    app.state.limiter = RateLimiter(config.rate)
    _handlers(app)
    _routes(app)
    app.add_middleware(BodyLimit, limit=config.max_body)
    return app


def create_app_from_env() -> FastAPI:
    """The application with the settings ``backoffice serve`` left in the environment."""
    return create_app(ServerConfig.from_env())


def caller(request: Request, _declared: Annotated[Any, Depends(BEARER)] = None) -> Caller:
    """Count the request against its caller's rate, then identify the caller (401)."""
    header = request.headers.get("authorization")
    client = request.client.host if request.client else "?"
    app = request.app
    app.state.limiter.check(rate_key(header, client))
    try:
        who = identify(header, app.state.config, app.state.engine, app.state.keys)
    except Refusal as refusal:
        # Failed sign-ins also count against the address they come from, so guessing with a
        # new token each time is limited too (a sign-in that could not be checked is no guess).
        if refusal.status == 401:
            app.state.limiter.check("failed:" + client)
        raise
    request.state.caller = who.who
    return who


def _handlers(app: FastAPI) -> None:
    @app.exception_handler(Refusal)
    async def refused(_request: Request, exc: Refusal) -> JSONResponse:
        headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else {}
        if exc.retry_after is not None:
            headers["Retry-After"] = str(exc.retry_after)
        return JSONResponse(exc.body(), status_code=exc.status, headers=headers or None)

    @app.exception_handler(RequestValidationError)
    async def invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        # Say where the request is wrong, not what it held: no input values echoed back.
        where = [{"loc": list(e.get("loc", ())), "msg": e.get("msg")} for e in exc.errors()]
        return JSONResponse({"error": "bad-request", "message": {
            "en": "The request is not one this action takes.",
            "id": "Permintaan ini tidak sesuai dengan tindakan ini."}, "where": where},
            status_code=422)

    @app.middleware("http")
    async def logged(request: Request, call_next: Callable[..., Any]) -> Any:
        started = time.monotonic()
        response = await call_next(request)
        log.info("request", extra={"fields": {
            "method": request.method, "path": request.url.path, "status": response.status_code,
            "caller": getattr(request.state, "caller", None),
            "ms": round((time.monotonic() - started) * 1000, 1)}})
        return response


def _routes(app: FastAPI) -> None:
    @app.get("/v1/health", tags=["server"])
    def health() -> dict[str, Any]:
        """Whether the server answers (no sign-in needed)."""
        return {"ok": True, "version": __version__}

    @app.get("/v1/whoami", tags=["server"])
    def whoami(who: Annotated[Caller, Depends(caller)]) -> dict[str, Any]:
        """Who the server takes the caller for."""
        return {"kind": who.kind, "who": who.who, "company": who.company}

    @app.get("/v1/jobs/{job}", tags=["jobs"])
    def poll(job: str, request: Request, who: Annotated[Caller, Depends(caller)]) -> dict[str, Any]:
        """A job's state (running, done, lost), its current step and, once done, its result."""
        found = request.app.state.jobs.poll(job, who)
        if found is None:
            raise refusals.unknown_job(job, request.app.state.config.job_keep)
        return found

    for name, offered in OFFERED.items():
        _action_route(app, name, offered)


def _action_route(app: FastAPI, name: str, offered: Offered) -> None:
    model = offered.request

    def run(request: Request, body: model, who: Annotated[Caller, Depends(caller)]) -> JSONResponse:  # type: ignore[valid-type]
        state = request.app.state
        book = resolve(body.book, state.config)  # type: ignore[attr-defined]
        authorize(who, book.company, book.address, state.engine)
        job, future = state.jobs.submit(who, book, name, offered, body)
        try:
            answer = future.result(timeout=state.config.wait)
        except FutureTimeout:
            return JSONResponse({"job": job, "state": "running", "poll": f"/v1/jobs/{job}"},
                                status_code=202)
        return JSONResponse({"job": job, "state": "done", "result": answer})

    run.__name__ = f"action_{name}"
    run.__doc__ = (f"Run {name} on a book. 200 with the result when it ends within the server's "
                   f"wait, else 202 with a job to poll.")
    app.post(f"/v1/actions/{name}", tags=["actions"], responses={
        202: {"description": "Still running: poll the job"},
        401: {"description": "Missing or wrong credentials"},
        403: {"description": "The book is outside the caller's company or allow-list"},
        404: {"description": "The server cannot reach the book"},
        413: {"description": "Request too large"}, 429: {"description": "Too many requests"},
        503: {"description": "The sign-in cannot be checked now (Google's keys out of reach); "
                             "see Retry-After"}})(run)
