// The cluster page: polls /cluster (this instance's view of the cluster) twice a second and redraws.
(function () {
  'use strict';

  var POLL_MILLIS = 500;

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      if (name === 'text') {
        node.textContent = attrs[name];
      } else if (name === 'className') {
        node.className = attrs[name];
      } else {
        node.setAttribute(name, attrs[name]);
      }
    });
    (children || []).forEach(function (child) { node.appendChild(child); });
    return node;
  }

  function replace(container, children) {
    container.replaceChildren.apply(container, children);
  }

  function taskChip(taskId, className) {
    return el('span', { className: 'task' + (className ? ' ' + className : ''), 'data-task-id': taskId, text: taskId });
  }

  function memberLink(member) {
    if (!member.port || member.port === '0') {
      return document.createTextNode(member.host);
    }
    var address = location.protocol + '//' + location.hostname + ':' + member.port + '/';
    return el('a', { href: address, text: location.hostname + ':' + member.port });
  }

  function memberCard(member, view) {
    var incoming = view.pendingHandoffs
      .filter(function (handoff) { return handoff.to === member.id; })
      .map(function (handoff) { return taskChip(handoff.taskId, 'incoming'); });
    var head = [el('span', { className: 'member-id', text: member.id })];
    if (member.leader) {
      head.push(el('span', { className: 'badge leader', text: 'leader' }));
    }
    if (member.state !== 'ACTIVE') {
      head.push(el('span', { className: 'badge', text: member.state.toLowerCase() }));
    }
    if (member.self) {
      head.push(el('span', { className: 'badge', text: 'this page' }));
    }
    var tasks = member.tasks.map(function (taskId) { return taskChip(taskId); }).concat(incoming);
    return el('div', {
      className: 'member ' + member.state + (member.leader ? ' leader' : '') + (member.self ? ' self' : ''),
      'data-member-id': member.id,
      'data-leader': String(member.leader)
    }, [
      el('div', { className: 'member-head' }, head),
      el('div', { className: 'member-meta' }, [
        memberLink(member),
        document.createTextNode(' \u00b7 ' + member.tasks.length + ' task' + (member.tasks.length === 1 ? '' : 's'))
      ]),
      el('div', { className: 'tasks' }, tasks.length ? tasks : [el('span', { className: 'empty', text: 'no tasks' })])
    ]);
  }

  function rows(tbody, cells, emptyText, columns) {
    if (cells.length === 0) {
      replace(tbody, [el('tr', {}, [el('td', { className: 'empty', colspan: String(columns), text: emptyText })])]);
      return;
    }
    replace(tbody, cells.map(function (row) {
      return el('tr', row.attrs, row.values.map(function (value, i) {
        return el('td', { className: row.numeric && row.numeric[i] ? 'num' : '', text: String(value) });
      }));
    }));
  }

  function render(view) {
    document.getElementById('connection').hidden = true;
    document.getElementById('cluster-name').textContent = view.cluster;
    document.title = 'coord \u00b7 ' + view.cluster;
    var live = view.members.filter(function (m) { return m.state !== 'GONE'; }).length;
    document.getElementById('summary').textContent =
      live + ' member' + (live === 1 ? '' : 's') + ' \u00b7 ' + view.taskCount + ' tasks, ' + view.owned + ' owned, ' +
      view.unassigned.length + ' unassigned, ' + view.pendingHandoffs.length + ' moving \u00b7 leader ' +
      (view.leaderId || 'none') + (view.balanced ? ' \u00b7 balanced' : '');

    replace(document.getElementById('members'), view.members.length
      ? view.members.map(function (member) { return memberCard(member, view); })
      : [el('p', { className: 'empty', text: 'no members' })]);

    replace(document.getElementById('unassigned'), view.unassigned.length
      ? view.unassigned.map(function (taskId) { return taskChip(taskId); })
      : [el('span', { className: 'empty', text: 'none' })]);

    rows(document.querySelector('#handoffs tbody'), view.pendingHandoffs.map(function (handoff) {
      return { attrs: { 'data-task-id': handoff.taskId }, values: [handoff.taskId, handoff.from || '(nobody)', handoff.to] };
    }), 'none', 3);

    rows(document.querySelector('#pollers tbody'), view.pollers.map(function (poller) {
      var last = poller.lastPollAt ? new Date(poller.lastPollAt).toLocaleTimeString() : '-';
      return {
        attrs: { 'data-task-id': poller.taskId },
        values: [poller.taskId, poller.fencingToken, poller.polls, last, poller.url],
        numeric: [false, true, true, false, false]
      };
    }), 'none', 5);

    document.getElementById('footer').textContent = 'Served by ' + view.memberId + ' (' + view.phase.toLowerCase() +
      ') \u00b7 etcd revision ' + view.revision + ' \u00b7 updated ' + new Date().toLocaleTimeString();
  }

  function poll() {
    fetch('cluster', { cache: 'no-store', headers: { Accept: 'application/json' } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error('HTTP ' + response.status);
        }
        return response.json();
      })
      .then(render)
      .catch(function () { document.getElementById('connection').hidden = false; })
      .finally(function () { setTimeout(poll, POLL_MILLIS); });
  }

  poll();
})();
