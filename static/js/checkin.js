// Check-in page: read QR codes with the phone's camera (jsQR), then submit the same form a
// person would type into. Without a camera or JavaScript the typed code and the list still work.
(function () {
  "use strict";

  function start(root) {
    var form = document.querySelector("[data-checkin-form]");
    var button = root.querySelector("[data-scanner-start]");
    var video = root.querySelector("[data-scanner-video]");
    var status = root.querySelector("[data-scanner-status]");
    var canvas = document.createElement("canvas");
    var context = canvas.getContext("2d", { willReadFrequently: true });
    var stream = null;

    function say(text) { status.textContent = text; }

    function stop() {
      if (stream) { stream.getTracks().forEach(function (track) { track.stop(); }); }
      stream = null;
      video.classList.add("d-none");
    }

    function tick() {
      if (!stream) { return; }
      if (video.readyState === video.HAVE_ENOUGH_DATA) {
        canvas.width = video.videoWidth;
        canvas.height = video.videoHeight;
        context.drawImage(video, 0, 0, canvas.width, canvas.height);
        var image = context.getImageData(0, 0, canvas.width, canvas.height);
        var found = window.jsQR(image.data, image.width, image.height, { inversionAttempts: "dontInvert" });
        if (found && found.data) {
          stop();
          form.querySelector("[name=code]").value = found.data;
          form.querySelector("[name=method]").value = "scan";
          say(root.dataset.found || "");
          form.requestSubmit ? form.requestSubmit() : form.submit();
          return;
        }
      }
      window.requestAnimationFrame(tick);
    }

    button.addEventListener("click", function () {
      if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia || !window.jsQR) {
        say(root.dataset.unsupported || "");
        return;
      }
      navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } })
        .then(function (media) {
          stream = media;
          video.srcObject = media;
          video.classList.remove("d-none");
          video.play();
          say(root.dataset.scanning || "");
          window.requestAnimationFrame(tick);
        })
        .catch(function () { say(root.dataset.denied || ""); });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-scanner]").forEach(start);
  });
})();
