// Copy buttons: `data-copy="<id>"` copies the text of that element (the API key, shown once).
// Without JavaScript the button stays hidden and the key is plain selectable text.
document.querySelectorAll("[data-copy]").forEach((button) => {
  button.hidden = false;
  button.addEventListener("click", async () => {
    const source = document.getElementById(button.dataset.copy);
    const done = button.querySelector("[data-copy-done]");
    try {
      await navigator.clipboard.writeText(source.textContent.trim());
    } catch {
      // No clipboard (an old browser, a page not served over HTTPS): select it for Ctrl+C.
      window.getSelection().selectAllChildren(source);
      return;
    }
    if (done) {
      done.hidden = false;
    }
  });
});
