"""Steps the browser tests share."""


def open_menu(page):
    """Opens the header's menu (a <details>) on a phone, if it is closed."""
    menu = page.locator("details.app-menu")
    if not menu.evaluate("details => details.open"):
        menu.locator("summary").click()
