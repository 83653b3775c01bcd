"""The trained classifier: serialisation round trip and behaviour with no, one or few codes."""

from __future__ import annotations

import pickle

import pytest

from archive.classification.train import TrainedModel, train_classifier

INVITATIONS = [
    "Undangan rapat koordinasi pelayanan administrasi kependudukan di aula dinas.",
    "Kami mengundang Saudara hadir pada rapat evaluasi triwulan di ruang rapat.",
    "Undangan sosialisasi aplikasi kepada perangkat daerah, hadir tepat waktu.",
]
LEAVE = [
    "Permohonan cuti tahunan pegawai selama lima hari kerja.",
    "Permohonan cuti karena alasan penting bagi pegawai yang orang tuanya dirawat.",
    "Usul cuti besar bagi pegawai negeri sipil yang telah bekerja enam tahun.",
]
BUDGET = [
    "Laporan realisasi anggaran belanja triwulan ketiga tahun anggaran berjalan.",
    "Penyampaian realisasi anggaran dan serapan belanja dinas sampai September.",
]


def _examples() -> list[tuple[str, str]]:
    return [(t, "005") for t in INVITATIONS] + [(t, "851") for t in LEAVE] + [(t, "900") for t in BUDGET]


def test_few_codes_predict_the_right_one_with_probabilities() -> None:
    model = train_classifier(_examples())
    assert model.classes == ("005", "851", "900")
    assert model.n_examples == 8
    assert model.counts == {"005": 3, "851": 3, "900": 2}
    top = model.predict("Mohon izin cuti tahunan untuk pegawai kami", k=3)
    assert [code for code, _ in top][0] == "851"
    probabilities = [p for _, p in top]
    assert probabilities == sorted(probabilities, reverse=True)
    assert sum(probabilities) == pytest.approx(1.0)
    assert model.predict("Undangan rapat di aula", k=1)[0][0] == "005"


def test_round_trip_through_bytes_gives_the_same_predictions() -> None:
    model = train_classifier(_examples())
    loaded = TrainedModel.from_bytes(model.to_bytes())
    text = "Laporan realisasi anggaran belanja"
    assert loaded.predict(text) == model.predict(text)
    assert (loaded.classes, loaded.n_examples, loaded.trained_at) == (model.classes, model.n_examples, model.trained_at)


def test_foreign_bytes_are_refused() -> None:
    with pytest.raises(ValueError):
        TrainedModel.from_bytes(pickle.dumps({"version": 999, "model": None}))
    with pytest.raises(ValueError):
        TrainedModel.from_bytes(pickle.dumps({"version": 1, "model": "not a model"}))


def test_no_examples_predicts_nothing() -> None:
    model = train_classifier([("   ", "005"), ("teks", " ")])
    assert model.n_examples == 0
    assert model.predict("Undangan rapat") == []
    assert TrainedModel.from_bytes(model.to_bytes()).predict("Undangan rapat") == []


def test_one_code_scores_by_similarity_not_certainty() -> None:
    model = train_classifier([(t, "005") for t in INVITATIONS])
    similar = model.predict("Undangan rapat koordinasi di aula dinas")
    partly = model.predict("Laporan realisasi anggaran belanja daerah")  # shares only "daerah"
    unrelated = model.predict("Laporan realisasi anggaran belanja modal")  # shares no word
    assert similar[0][0] == partly[0][0] == unrelated[0][0] == "005"
    assert unrelated[0][1] == 0.0
    assert 0.0 < partly[0][1] < similar[0][1] <= 1.0
    assert similar[0][1] > 0.5
    assert TrainedModel.from_bytes(model.to_bytes()).predict("Undangan rapat") == model.predict("Undangan rapat")


def test_k_limits_the_answer() -> None:
    model = train_classifier(_examples())
    assert len(model.predict("cuti", k=2)) == 2
    assert len(model.predict("cuti", k=10)) == 3


def test_predictions_equal_scikit_learns_own() -> None:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    from archive.classification.analysis import analyse

    examples = _examples()
    vectorizer = TfidfVectorizer(analyzer=analyse, sublinear_tf=True, min_df=1)
    matrix = vectorizer.fit_transform([t for t, _ in examples])
    reference = LogisticRegression(C=100.0, max_iter=3000, class_weight="balanced").fit(
        matrix, [c for _, c in examples]
    )
    model = train_classifier(examples)
    for text in ("Mohon izin cuti tahunan", "Undangan rapat di aula", "Laporan realisasi anggaran"):
        expected = reference.predict_proba(vectorizer.transform([text]))[0]
        got = dict(model.predict(text, k=3))
        assert [got[c] for c in reference.classes_] == pytest.approx(list(expected), abs=1e-9)
    binary = train_classifier([(t, "005") for t in INVITATIONS] + [(t, "851") for t in LEAVE])
    assert binary.predict("cuti tahunan pegawai")[0][0] == "851"


def test_loading_never_runs_code(tmp_path) -> None:
    marker = tmp_path / "ran"

    class Exploit:
        def __reduce__(self):
            return (marker.write_text, ("pwned",))

    with pytest.raises(ValueError):
        TrainedModel.from_bytes(pickle.dumps(Exploit()))
    assert not marker.exists()
    with pytest.raises(ValueError):
        TrainedModel.from_bytes(b"not a model at all")
