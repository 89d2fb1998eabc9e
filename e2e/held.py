"""A slow network, made certain: requests held at a Playwright route until the test lets each one go, so that two
requests' answers come in the order the test chooses."""


def held_requests(page: object, part: str, method: str = "GET") -> list:
    """Holds the page's `method` requests to `**/{part}/` (a glob); the held routes, in the order they came."""
    held: list = []
    page.route(f"**/{part}/", lambda route: held.append(route) if route.request.method == method else route.fallback())
    return held


def wait_for_held(page: object, held: list, count: int) -> None:
    """Until `count` requests are held (5 s at most): a click's request reaches the route a moment after the click."""
    for _ in range(250):
        if len(held) >= count:
            return
        page.wait_for_timeout(20)
    raise AssertionError(f"{count} held requests expected, {len(held)} came")
