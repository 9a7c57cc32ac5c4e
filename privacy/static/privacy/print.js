// The "Print" button of the export page: shown only when this script runs
// (without JavaScript the page says to use the browser's print command).
document.addEventListener("DOMContentLoaded", () => {
    for (const button of document.querySelectorAll("[data-print]")) {
        button.hidden = false;
        button.addEventListener("click", () => window.print());
    }
});
