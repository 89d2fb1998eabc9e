import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_api_docs_render_under_our_csp_without_the_network(browser, live_server):
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    problems = []
    page.on("console", lambda msg: msg.type == "error" and problems.append(msg.text))
    page.on("pageerror", lambda error: problems.append(str(error)))
    # Anything not served by us (a CDN) would be a request to another origin: fail it and remember it.
    foreign = []

    def only_ours(route):
        if route.request.url.startswith(live_server.url):
            route.continue_()
        else:
            foreign.append(route.request.url)
            route.abort()

    page.route("**/*", only_ours)

    page.goto("/api/v1/docs/")

    expect(page.get_by_role("heading", name="Scrum App API")).to_be_visible()
    expect(page.get_by_text("/api/v1/boards/{slug}/items/{item_id}/move/")).to_be_visible()
    page.get_by_text("/api/v1/boards/{slug}/items/bulk/").click()
    expect(page.get_by_text("Add many backlog items at once").first).to_be_visible()
    assert foreign == []
    # A CSP violation ("Applying inline style violates…") or a script error shows up here.
    assert problems == []
    context.close()
