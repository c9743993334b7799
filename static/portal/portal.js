// Portal behaviours without inline scripts (the CSP forbids them).
document.addEventListener("DOMContentLoaded", () => {
  // <select data-autosubmit> submits its form on change.
  document.querySelectorAll("select[data-autosubmit]").forEach((el) => {
    el.addEventListener("change", () => el.form.submit());
  });
  // Progress bars take their width from data-progress (no inline styles under the CSP).
  const paint = (root) => root.querySelectorAll("[data-progress]").forEach((el) => {
    el.style.width = `${el.dataset.progress}%`;
  });
  paint(document);
  document.body.addEventListener("htmx:afterSwap", (event) => paint(event.target));
  // <button data-confirm="..."> asks before submitting.
  document.querySelectorAll("[data-confirm]").forEach((el) => {
    el.addEventListener("click", (event) => {
      if (!window.confirm(el.dataset.confirm)) event.preventDefault();
    });
  });
});
