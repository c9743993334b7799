// Post body editor: a plain textarea with a small HTML toolbar and image upload.
// The server sanitises whatever is typed here; this only saves keystrokes.
document.addEventListener("DOMContentLoaded", () => {
  const textarea = document.querySelector("textarea[data-rich-editor]");
  const toolbar = document.querySelector(".editor-toolbar");
  if (!textarea || !toolbar) return;
  const form = textarea.form;
  const status = toolbar.querySelector("[data-editor-status]");
  toolbar.hidden = false;
  textarea.parentElement.insertBefore(toolbar, textarea);

  const insert = (before, after = "") => {
    const start = textarea.selectionStart;
    const end = textarea.selectionEnd;
    const selected = textarea.value.slice(start, end);
    textarea.setRangeText(before + selected + after, start, end, "end");
    textarea.focus();
  };

  toolbar.querySelectorAll("[data-wrap]").forEach((button) => {
    button.addEventListener("click", () => insert(`<${button.dataset.wrap}>`, `</${button.dataset.wrap}>`));
  });

  const linkButton = toolbar.querySelector("[data-link]");
  if (linkButton) {
    linkButton.addEventListener("click", () => {
      const url = window.prompt(linkButton.dataset.prompt || "URL", "https://");
      if (!url || !/^(https?:\/\/|mailto:)/i.test(url)) return;
      const safe = url.replace(/"/g, "%22");
      insert(`<a href="${safe}">`, "</a>");
    });
  }

  const imageInput = toolbar.querySelector("[data-image-input]");
  if (imageInput) {
    imageInput.addEventListener("change", async () => {
      const file = imageInput.files[0];
      if (!file) return;
      const data = new FormData();
      data.append("image", file);
      const token = form.querySelector("input[name=csrfmiddlewaretoken]");
      status.textContent = "…";
      try {
        const response = await fetch(form.dataset.imageUploadUrl, {
          method: "POST",
          body: data,
          headers: { "X-CSRFToken": token ? token.value : "" },
          credentials: "same-origin",
        });
        const result = await response.json();
        if (!response.ok) {
          status.textContent = result.error || response.statusText;
          return;
        }
        status.textContent = "";
        insert(`<img src="${result.url}" alt="">`);
      } catch (error) {
        status.textContent = String(error);
      } finally {
        imageInput.value = "";
      }
    });
  }
});
