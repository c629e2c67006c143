// Check-in: scan a ticket's QR code with the device camera where the browser can read QR codes
// (BarcodeDetector, e.g. Chrome on Android). Elsewhere the button stays hidden and staff type the code.
(function () {
  "use strict";
  var button = document.getElementById("scan-button");
  var form = document.getElementById("checkin-form");
  var video = document.getElementById("scan-video");
  if (!button || !form || !video || !("BarcodeDetector" in window) || !navigator.mediaDevices) {
    return;
  }
  var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
  var stream = null;

  function stop() {
    if (stream) {
      stream.getTracks().forEach(function (track) { track.stop(); });
      stream = null;
    }
    video.hidden = true;
  }

  function look() {
    if (!stream) {
      return;
    }
    detector.detect(video).then(function (codes) {
      if (codes.length) {
        form.querySelector("input[name=code]").value = codes[0].rawValue;
        stop();
        form.submit();
      } else {
        window.requestAnimationFrame(look);
      }
    }).catch(function () { window.requestAnimationFrame(look); });
  }

  button.hidden = false;
  button.addEventListener("click", function () {
    if (stream) {
      stop();
      return;
    }
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } }).then(function (media) {
      stream = media;
      video.srcObject = media;
      video.hidden = false;
      return video.play();
    }).then(look).catch(stop);
  });
})();
