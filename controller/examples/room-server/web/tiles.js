// The tiles of the page: one per peer (the local one first) with its name, video, audio, an audio
// level meter fed by audioLevels events and a border while it is the active speaker.

const SILENT_DBOV = -127;

export class Tiles {
  constructor(container, template) {
    this.container_ = container;
    this.template_ = template;
    this.tiles_ = new Map(); // peerId -> {root, video, audio, name, camOff, micOff, level}
  }

  ensure(peerId, displayName, local = false) {
    let t = this.tiles_.get(peerId);
    if (!t) {
      const root = this.template_.content.firstElementChild.cloneNode(true);
      root.dataset.peerId = peerId;
      root.classList.toggle('local', local);
      t = {
        root,
        video: root.querySelector('video'),
        audio: root.querySelector('audio'),
        name: root.querySelector('.name'),
        camOff: root.querySelector('.cam-off'),
        micOff: root.querySelector('.mic-off'),
        level: root.querySelector('.level'),
      };
      if (local) {
        t.audio.remove(); // never play one's own microphone back
        this.container_.prepend(root);
      } else {
        this.container_.append(root);
      }
      this.tiles_.set(peerId, t);
    }
    t.name.textContent = displayName;
    return t;
  }

  setLocalVideo(peerId, track) {
    const t = this.tiles_.get(peerId);
    if (t && track) t.video.srcObject = new MediaStream([track]);
  }

  setRemoteTrack(peerId, displayName, track) {
    const t = this.ensure(peerId, displayName);
    const element = track.kind === 'video' ? t.video : t.audio;
    element.srcObject = new MediaStream([track]);
    // Autoplay may be refused until the user interacts with the page; the next click plays.
    element.play().catch(() => document.addEventListener('click', () => element.play().catch(() => {}),
                                                         { once: true }));
  }

  removeTrack(peerId, track) {
    const t = this.tiles_.get(peerId);
    if (!t || !track) return;
    for (const element of [t.video, t.audio]) {
      if (element.srcObject?.getTracks().includes(track)) element.srcObject = null;
    }
  }

  setPaused(peerId, kind, paused) {
    const t = this.tiles_.get(peerId);
    if (!t) return;
    (kind === 'video' ? t.camOff : t.micOff).hidden = !paused;
  }

  setSpeaker(peerId) {
    for (const [id, t] of this.tiles_) t.root.classList.toggle('speaking', id === peerId);
  }

  // levels: [{peerId, volume}] in dBov; a peer not listed is silent.
  setLevels(levels) {
    const byPeer = new Map(levels.map((l) => [l.peerId, l.volume]));
    for (const [id, t] of this.tiles_) t.level.value = byPeer.get(id) ?? SILENT_DBOV;
  }

  remove(peerId) {
    const t = this.tiles_.get(peerId);
    if (!t) return;
    t.video.srcObject = null;
    if (t.audio.isConnected) t.audio.srcObject = null;
    t.root.remove();
    this.tiles_.delete(peerId);
  }

  clear() {
    for (const id of [...this.tiles_.keys()]) this.remove(id);
  }
}
