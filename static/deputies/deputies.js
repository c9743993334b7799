// Deputies pages: print buttons for the QR codes (no inline scripts under the CSP).
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-print]").forEach((el) => {
    el.addEventListener("click", () => window.print());
  });
  // <input type="checkbox" data-check-all="name"> toggles every checkbox of that name.
  document.querySelectorAll("[data-check-all]").forEach((el) => {
    el.addEventListener("change", () => {
      document.querySelectorAll(`input[type=checkbox][name="${el.dataset.checkAll}"]`).forEach((box) => {
        box.checked = el.checked;
      });
    });
  });
});
