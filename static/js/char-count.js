// Character counters (buurtwerk.forms.CharacterCountMixin): "120 of 2000
// characters" under a limited text while it is typed, in the page's
// language (the texts come with the counter). The server refuses a text
// over the limit; nothing here cuts it.
(function () {
    "use strict";

    function update(field, counter) {
        var limit = parseInt(field.getAttribute("data-max-length"), 10);
        var count = field.value.length;
        var over = count - limit;
        var text = over > 0 ? counter.getAttribute("data-over") : counter.getAttribute("data-left");
        counter.textContent = text
            .replace("{count}", count)
            .replace("{limit}", limit)
            .replace("{over}", over);
        counter.classList.toggle("is-over", over > 0);
    }

    function start(root) {
        root.querySelectorAll("[data-max-length]").forEach(function (field) {
            var counter = document.getElementById(field.id + "-count");
            if (!counter || field.dataset.counting) {
                return;
            }
            field.dataset.counting = "1";
            update(field, counter);
            field.addEventListener("input", function () {
                update(field, counter);
            });
        });
    }

    document.addEventListener("DOMContentLoaded", function () {
        start(document);
    });
    document.addEventListener("htmx:afterSettle", function (event) {
        start(event.target);
    });
})();
