// The call display: replaces the list of calls when the server reports a change
// (server-sent events) and announces the newest call. Without this script the page
// reloads itself every few seconds.
(function () {
  'use strict';
  var board = document.getElementById('calls');
  var latest = document.getElementById('latest');
  if (!board || !window.EventSource) return;
  var counterWord = board.getAttribute('data-counter-word') || 'Schalter';
  var source = new EventSource(board.getAttribute('data-live'));
  source.addEventListener('calls', function (event) {
    var calls = JSON.parse(event.data);
    board.textContent = '';
    calls.forEach(function (call, index) {
      var item = document.createElement('li');
      item.className = index === 0 ? 'call call-newest' : 'call';
      var number = document.createElement('span');
      number.className = 'call-number';
      number.textContent = call.number;
      var counter = document.createElement('span');
      counter.className = 'call-counter';
      counter.textContent = counterWord + ' ' + call.counter;
      item.appendChild(number);
      item.appendChild(counter);
      board.appendChild(item);
    });
    if (latest && calls.length > 0) {
      latest.textContent = calls[0].number + ' – ' + counterWord + ' ' + calls[0].counter;
    }
    document.documentElement.setAttribute('data-live', 'connected');
  });
})();
