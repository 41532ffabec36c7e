// The attendance sheet's print button (without JavaScript the page says to use Ctrl+P).
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) {
    window.print();
  }
});
