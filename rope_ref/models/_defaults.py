# ruff: noqa: E501
"""Each transformers config class's defaults for the RoPE keys (generated; do not edit).

Generated from transformers 5.25.0 by ``python -m rope_ref.models._sweep --write-defaults``
(tests/interop/test_models_cli.py fails when it is stale for the installed transformers). For every
model family with a rotary embedding and each of its sub-configs:

- ``DEFAULTS``: model_type -> the value its config class fills in for each RoPE key a config.json
  leaves out (the standardized ``rope_parameters`` block included), for the keys whose default is a
  constant; ``default_theta`` / ``default_rope_type`` are class attributes;
- ``DERIVED``: model_type -> key -> how a default that follows other keys is derived (found by
  building the class with a different hidden_size, num_attention_heads, max_position_embeddings,
  num_hidden_layers and qk_rope_head_dim; nested keys are dotted);
- ``MODEL_TYPES``: every model_type transformers registers (AutoConfig's), rotary or not;
- ``PARENT``: a sub-config's model_type -> the top-level model_type (the registry family) it belongs to;
- ``SUB_CONFIGS``: model_type -> sub-config key -> the model_type of the class that reads it;
- ``ALIASES``: model_type -> the config's attribute_map entries for RoPE keys (key -> attribute);
- ``CONVERSION``: model_type -> how its config class moves top-level keys into the scaling blocks and
  which block wins when a config gives both (measured; see ``conversion_facts`` in
  rope_ref/models/_sweep.py for each field);
- ``MODULES``: model_type -> what the family's language-model rotary module reads of those blocks:
  whether its default rule honours partial_rotary_factor, where its base comes from, whether it
  honours a scaling rule (measured; see ``module_facts``);
- ``COMPOSITE``: top-level model_type -> sub-config key -> the RoPE keys the composite config fills
  into a sub-config dict that leaves them out (its init defaults win over the sub-config class's);
- ``CONDITIONAL``: model_type -> key -> ``('value', 'when')``: a default that may follow keys the class
  would not let the sweep vary (DERIVED says "may follow"); it is the value only when the config
  gives each ``when`` key its default value (or leaves it out).

A sub-config given as a dict in config.json is built by its own class with these defaults, after the
keys ``COMPOSITE`` lists for it (a composite's other defaults for it apply only when the config.json
has no such sub-config at all).
"""

TRANSFORMERS_VERSION: str = "5.25.0"

MODEL_TYPES: tuple[str, ...] = (
    "EvollaModel",
    "afmoe",
    "aimv2",
    "aimv2_text_model",
    "aimv2_vision_model",
    "albert",
    "align",
    "align_text_model",
    "align_vision_model",
    "altclip",
    "altclip_text_model",
    "altclip_vision_model",
    "apertus",
    "apertus1p5",
    "apertus1p5_text",
    "apertus1p5_vision_tokenizer",
    "arcee",
    "aria",
    "aria_text",
    "audio-spectrogram-transformer",
    "audioflamingo3",
    "audioflamingo3_encoder",
    "autoformer",
    "axk1",
    "axk2",
    "aya_vision",
    "bailing_hybrid",
    "bamba",
    "bark",
    "bart",
    "beam",
    "beit",
    "bert",
    "bert-generation",
    "big_bird",
    "bigbird_pegasus",
    "biogpt",
    "bit",
    "bitnet",
    "blenderbot",
    "blenderbot-small",
    "blip",
    "blip-2",
    "blip_2_qformer",
    "blip_2_vision_model",
    "blip_text_model",
    "blip_vision_model",
    "bloom",
    "blt",
    "blt_global_transformer",
    "blt_local_decoder",
    "blt_local_encoder",
    "blt_patcher",
    "bridgetower",
    "bridgetower_text_model",
    "bridgetower_vision_model",
    "bros",
    "camembert",
    "canary",
    "canary_decoder",
    "canine",
    "chameleon",
    "chameleon_vqgan",
    "chinese_clip",
    "chinese_clip_text_model",
    "chinese_clip_vision_model",
    "chmv2",
    "clap",
    "clap_audio_model",
    "clap_text_model",
    "clip",
    "clip_text_model",
    "clip_vision_model",
    "clipseg",
    "clipseg_text_model",
    "clipseg_vision_model",
    "clvp",
    "clvp_decoder",
    "clvp_encoder",
    "codegen",
    "cohere",
    "cohere2",
    "cohere2_moe",
    "cohere2_vision",
    "cohere_asr",
    "cohere_compass",
    "cohere_compass_text",
    "cohere_compass_vision",
    "colmodernvbert",
    "colpali",
    "colqwen2",
    "conditional_detr",
    "convbert",
    "convnext",
    "convnextv2",
    "cosmos3_edge",
    "cosmos3_edge_text",
    "cosmos3_edge_vision",
    "cosmos3_omni",
    "cpmant",
    "csm",
    "csm_depth_decoder_model",
    "ctrl",
    "cvt",
    "cwm",
    "d_fine",
    "dab-detr",
    "dac",
    "data2vec-audio",
    "data2vec-text",
    "data2vec-vision",
    "dbrx",
    "deberta",
    "deberta-v2",
    "decision_transformer",
    "deepseek_ocr2",
    "deepseek_ocr2_encoder",
    "deepseek_ocr2_sam_vision_model",
    "deepseek_ocr2_text",
    "deepseek_ocr2_vision",
    "deepseek_v2",
    "deepseek_v3",
    "deepseek_v32",
    "deepseek_v4",
    "deepseek_vl",
    "deepseek_vl_hybrid",
    "deformable_detr",
    "deimv2",
    "deit",
    "depth_anything",
    "depth_pro",
    "detr",
    "dia",
    "dia_decoder",
    "dia_encoder",
    "diffllama",
    "diffusion_gemma",
    "diffusion_gemma_text",
    "dinat",
    "dinov2",
    "dinov2_with_registers",
    "dinov3_convnext",
    "dinov3_vit",
    "distilbert",
    "doge",
    "donut-swin",
    "dory",
    "dots1",
    "dots3_note",
    "dots3_note_audio_encoder",
    "dots3_note_text",
    "dots3_note_vision_encoder",
    "dpr",
    "dpt",
    "edgetam",
    "edgetam_mask_decoder",
    "edgetam_prompt_encoder",
    "edgetam_video",
    "edgetam_video_mask_decoder",
    "edgetam_video_prompt_encoder",
    "edgetam_vision_model",
    "efficientloftr",
    "efficientnet",
    "electra",
    "embedding_gemma2",
    "embedding_gemma2_text",
    "emu3",
    "emu3_text_model",
    "emu3_vqgan",
    "encodec",
    "encoder-decoder",
    "eomt",
    "eomt_dinov3",
    "ergo",
    "ernie",
    "ernie4_5",
    "ernie4_5_moe",
    "ernie4_5_vl_moe",
    "ernie4_5_vl_moe_text",
    "ernie4_5_vl_moe_vision",
    "esm",
    "esmc",
    "esmfold2",
    "eurobert",
    "evolla",
    "exaone",
    "exaone4",
    "exaone4_5",
    "exaone4_5_vision",
    "exaone_moe",
    "falcon",
    "falcon_h1",
    "falcon_mamba",
    "fast_vlm",
    "fastspeech2_conformer",
    "fastspeech2_conformer_hifigan",
    "fastspeech2_conformer_with_hifigan",
    "flaubert",
    "flava",
    "flava_image_codebook",
    "flava_image_model",
    "flava_multimodal_model",
    "flava_text_model",
    "flex_olmo",
    "flint",
    "florence2",
    "florence_vision",
    "fnet",
    "focalnet",
    "fsmt",
    "fun_asr_nano",
    "fun_asr_nano_encoder",
    "funnel",
    "fuyu",
    "gemma",
    "gemma2",
    "gemma3",
    "gemma3_text",
    "gemma3n",
    "gemma3n_audio",
    "gemma3n_text",
    "gemma3n_vision",
    "gemma4",
    "gemma4_assistant",
    "gemma4_audio",
    "gemma4_text",
    "gemma4_unified",
    "gemma4_unified_assistant",
    "gemma4_unified_audio",
    "gemma4_unified_text",
    "gemma4_unified_vision",
    "gemma4_vision",
    "git",
    "git_vision_model",
    "glm",
    "glm4",
    "glm46v",
    "glm4_moe",
    "glm4_moe_lite",
    "glm4v",
    "glm4v_moe",
    "glm4v_moe_text",
    "glm4v_moe_vision",
    "glm4v_text",
    "glm4v_vision",
    "glm5_next",
    "glm5_next_text",
    "glm5_next_vision",
    "glm_image",
    "glm_image_text",
    "glm_image_vision",
    "glm_image_vqmodel",
    "glm_moe_dsa",
    "glm_ocr",
    "glm_ocr_text",
    "glm_ocr_vision",
    "glmasr",
    "glmasr_encoder",
    "glmga",
    "glpn",
    "got_ocr2",
    "got_ocr2_vision",
    "gpt-sw3",
    "gpt2",
    "gpt_bigcode",
    "gpt_neo",
    "gpt_neox",
    "gpt_neox_japanese",
    "gpt_oss",
    "gptj",
    "gradium_phonon_tts",
    "granite",
    "granite4_vision",
    "granite4_vision_text",
    "granite_docling",
    "granite_docling_text",
    "granite_docling_vision",
    "granite_speech",
    "granite_speech5_ctc",
    "granite_speech5_encoder",
    "granite_speech_encoder",
    "granite_speech_plus",
    "granite_speech_plus_encoder",
    "granite_swa",
    "granitemoe",
    "granitemoe_swa",
    "granitemoehybrid",
    "granitemoeshared",
    "grounding-dino",
    "groupvit",
    "groupvit_text_model",
    "groupvit_vision_model",
    "gte",
    "helium",
    "hgnet_v2",
    "hiera",
    "higgs_audio_v2",
    "higgs_audio_v2_tokenizer",
    "hrm_text",
    "hubert",
    "hunyuan_v1_dense",
    "hunyuan_v1_moe",
    "hunyuan_vl",
    "hunyuan_vl_text",
    "hunyuan_vl_vision",
    "hy_v3",
    "hy_v4",
    "hy_v4_vl",
    "hy_v4_vl_text",
    "hy_v4_vl_vision",
    "hyperclovax",
    "hyperclovax_vision_v2",
    "ibert",
    "idefics",
    "idefics2",
    "idefics2_perceiver",
    "idefics2_vision",
    "idefics3",
    "idefics3_vision",
    "idefics_perciever",
    "idefics_vision",
    "ijepa",
    "imagegpt",
    "informer",
    "inkling2",
    "inkling2_loop",
    "inkling2_loop_text",
    "inkling2_text",
    "inkling2_vision",
    "inkling_audio",
    "inkling_mm_model",
    "inkling_text",
    "inkling_vision",
    "instructblip",
    "instructblip_qformer",
    "instructblip_vision_model",
    "instructblipvideo",
    "instructblipvideo_qformer",
    "instructblipvideo_vision_model",
    "internlm3",
    "internvl",
    "internvl_vision",
    "iquestcoder",
    "jais2",
    "jamba",
    "janus",
    "janus_vision_model",
    "janus_vqgan",
    "jetmoe",
    "jev",
    "jina_embeddings_v3",
    "kimi_k25",
    "kimi_k25_vision",
    "kimi_linear",
    "kolibri1",
    "kolibri1_1",
    "kosmos-2",
    "kosmos-2.5",
    "kosmos_2_5_text_model",
    "kosmos_2_5_vision_model",
    "kosmos_2_text_model",
    "kosmos_2_vision_model",
    "kyutai_speech_to_text",
    "laguna",
    "lara_mini",
    "lasr_ctc",
    "lasr_encoder",
    "layoutlm",
    "layoutlmv2",
    "layoutlmv3",
    "layoutxlm",
    "led",
    "levit",
    "lfm2",
    "lfm2_moe",
    "lfm2_vl",
    "lfm3",
    "lfm3_vl",
    "lfm3_vl_vision",
    "lightglue",
    "lighton_ocr",
    "lilt",
    "llama",
    "llama4",
    "llama4_text",
    "llama4_vision_model",
    "llava",
    "llava_next",
    "llava_next_video",
    "llava_onevision",
    "llava_onevision1_5",
    "llava_onevision1_5_vision",
    "longcat_flash",
    "longformer",
    "longt5",
    "luke",
    "lw_detr",
    "lw_detr_vit",
    "lxmert",
    "m2m_100",
    "mamba",
    "mamba2",
    "marian",
    "markuplm",
    "mask2former",
    "maskformer",
    "maskformer-swin",
    "mbart",
    "megatron-bert",
    "mellum",
    "metaclip_2",
    "metaclip_2_text_model",
    "metaclip_2_vision_model",
    "mgp-str",
    "mimi",
    "mimi_decoder",
    "mimi_encoder",
    "mimo_v2_flash",
    "minicpm3",
    "minicpm5_moe",
    "minicpm_ocr",
    "minicpm_ocr_vision",
    "minicpmv4_6",
    "minicpmv4_6_vision",
    "minicpmv4_7",
    "minicpmv4_7_vision",
    "minimax",
    "minimax_m2",
    "minimax_m3_vl",
    "minimax_m3_vl_text",
    "minimax_m3_vl_vision",
    "ministral",
    "ministral3",
    "mistral",
    "mistral3",
    "mistral4",
    "mistral_large4",
    "mistral_large4_text",
    "mixtral",
    "mlcd",
    "mlcd_vision_model",
    "mllama",
    "mllama_text_model",
    "mllama_vision_model",
    "mm-grounding-dino",
    "mobilebert",
    "mobilenet_v1",
    "mobilenet_v2",
    "mobilevit",
    "mobilevitv2",
    "modernbert",
    "modernbert-decoder",
    "modernvbert",
    "molmo2",
    "molmo2_adapter",
    "molmo2_text",
    "molmo2_vision",
    "moonshine",
    "moonshine_streaming",
    "moonshine_streaming_encoder",
    "moshi",
    "moshi_depth",
    "moss_transcribe_diarize",
    "moss_transcribe_diarize_audio",
    "mpnet",
    "mpt",
    "mra",
    "mt5",
    "muse_glimmer",
    "muse_glimmer_assistant",
    "muse_glimmer_text",
    "muse_glimmer_vision",
    "muse_spark",
    "muse_spark_audio",
    "muse_spark_text",
    "muse_spark_vision",
    "musicflamingo",
    "musicgen",
    "musicgen_decoder",
    "musicgen_melody",
    "musicgen_melody_decoder",
    "mvp",
    "nanochat",
    "nemo_speechlm",
    "nemotron",
    "nemotron3_5_asr",
    "nemotron3_5_transcribe_asr_audio",
    "nemotron3_5_transcribe_audio",
    "nemotron3_5_transcribe_word_timestamp",
    "nemotron3_diarization",
    "nemotron3_diarization_audio",
    "nemotron_asr_streaming",
    "nemotron_asr_streaming_encoder",
    "nemotron_h",
    "nemotron_h_omni",
    "neomme",
    "neucodec",
    "nllb-moe",
    "nomic_bert",
    "nougat",
    "nystromformer",
    "olmo",
    "olmo2",
    "olmo3",
    "olmo_hybrid",
    "olmoe",
    "omdet-turbo",
    "omniasr",
    "omniasr_audio",
    "omniasr_ctc",
    "oneformer",
    "openai-gpt",
    "openai_privacy_filter",
    "opt",
    "ovis2",
    "ovis2_5",
    "ovis2_5_vision",
    "ovis2_vision",
    "owlv2",
    "owlv2_text_model",
    "owlv2_vision_model",
    "owlvit",
    "owlvit_text_model",
    "owlvit_vision_model",
    "paddleocr_vl",
    "paddleocr_vl_text",
    "paddleocr_vl_vision",
    "paligemma",
    "parakeet_ctc",
    "parakeet_encoder",
    "parakeet_rnnt",
    "parakeet_tdt",
    "param2moe",
    "patchtsmixer",
    "patchtst",
    "pe_audio",
    "pe_audio_encoder",
    "pe_audio_video",
    "pe_audio_video_encoder",
    "pe_video",
    "pe_video_encoder",
    "pegasus",
    "pegasus_x",
    "perceiver",
    "perception_lm",
    "persimmon",
    "phi",
    "phi3",
    "phi4_multimodal",
    "phi4_multimodal_audio",
    "phi4_multimodal_vision",
    "phimoe",
    "pi0",
    "pi05",
    "pix2struct",
    "pix2struct_text_model",
    "pix2struct_vision_model",
    "pixio",
    "pixtral",
    "plbart",
    "pocket_tts",
    "pocket_tts_audio_tokenizer",
    "pocket_tts_audio_tokenizer_decoder",
    "pocket_tts_audio_tokenizer_encoder",
    "poolformer",
    "pop2piano",
    "pp_chart2table",
    "pp_chart2table_vision",
    "pp_doclayout_v2",
    "pp_doclayout_v3",
    "pp_doclayout_v4",
    "pp_formulanet",
    "pp_formulanet_text",
    "pp_formulanet_vision",
    "pp_lcnet",
    "pp_lcnet_v3",
    "pp_lcnet_v4",
    "pp_ocrv5_mobile_det",
    "pp_ocrv5_mobile_rec",
    "pp_ocrv5_server_det",
    "pp_ocrv5_server_rec",
    "pp_ocrv6_medium_det",
    "pp_ocrv6_small_det",
    "pp_ocrv6_small_rec",
    "pp_ocrv6_tiny_rec",
    "prompt_depth_anything",
    "prophetnet",
    "pvt",
    "pvt_v2",
    "qianfan_ocr",
    "qianfan_ocr_vision",
    "qwen2",
    "qwen2_5_omni",
    "qwen2_5_omni_audio_encoder",
    "qwen2_5_omni_bigvgan",
    "qwen2_5_omni_dit",
    "qwen2_5_omni_talker",
    "qwen2_5_omni_text",
    "qwen2_5_omni_thinker",
    "qwen2_5_omni_token2wav",
    "qwen2_5_omni_vision_encoder",
    "qwen2_5_vl",
    "qwen2_5_vl_text",
    "qwen2_5_vl_vision",
    "qwen2_audio",
    "qwen2_audio_encoder",
    "qwen2_moe",
    "qwen2_vl",
    "qwen2_vl_text",
    "qwen2_vl_vision",
    "qwen3",
    "qwen3_5",
    "qwen3_5_moe",
    "qwen3_5_moe_text",
    "qwen3_5_moe_vision",
    "qwen3_5_text",
    "qwen3_5_vision",
    "qwen3_asr",
    "qwen3_asr_encoder",
    "qwen3_moe",
    "qwen3_next",
    "qwen3_omni_moe",
    "qwen3_omni_moe_audio_encoder",
    "qwen3_omni_moe_talker_code_predictor",
    "qwen3_omni_moe_talker_text",
    "qwen3_omni_moe_text",
    "qwen3_omni_moe_thinker",
    "qwen3_omni_moe_vision_encoder",
    "qwen3_vl",
    "qwen3_vl_moe",
    "qwen3_vl_moe_text",
    "qwen3_vl_moe_vision",
    "qwen3_vl_text",
    "qwen3_vl_vision",
    "qwen4_exp",
    "qwen4_exp_text",
    "qwen4_exp_vision",
    "radio",
    "rag",
    "recurrent_gemma",
    "reformer",
    "regnet",
    "rembert",
    "resnet",
    "rf_detr",
    "rf_detr_dinov2",
    "roberta",
    "roberta-prelayernorm",
    "roc_bert",
    "roformer",
    "rt_detr",
    "rt_detr_resnet",
    "rt_detr_v2",
    "rwkv",
    "sam",
    "sam2",
    "sam2_hiera_det_model",
    "sam2_mask_decoder",
    "sam2_prompt_encoder",
    "sam2_video",
    "sam2_video_mask_decoder",
    "sam2_video_prompt_encoder",
    "sam2_vision_model",
    "sam3",
    "sam3_detr_decoder",
    "sam3_detr_encoder",
    "sam3_geometry_encoder",
    "sam3_lite_text",
    "sam3_lite_text_detr_decoder",
    "sam3_lite_text_detr_encoder",
    "sam3_lite_text_geometry_encoder",
    "sam3_lite_text_mask_decoder",
    "sam3_lite_text_text_model",
    "sam3_mask_decoder",
    "sam3_tracker",
    "sam3_tracker_mask_decoder",
    "sam3_tracker_prompt_encoder",
    "sam3_tracker_video",
    "sam3_tracker_video_mask_decoder",
    "sam3_tracker_video_prompt_encoder",
    "sam3_video",
    "sam3_vision_model",
    "sam3_vit_model",
    "sam_hq",
    "sam_hq_mask_decoder",
    "sam_hq_prompt_encoder",
    "sam_hq_vision_model",
    "sam_mask_decoder",
    "sam_prompt_encoder",
    "sam_vision_model",
    "sapiens2",
    "sapiens2_head",
    "sarvam_mla",
    "sarvam_moe",
    "seamless_m4t",
    "seamless_m4t_v2",
    "seed_oss",
    "segformer",
    "seggpt",
    "sew",
    "sew-d",
    "shieldgemma2",
    "siglip",
    "siglip2",
    "siglip2_text_model",
    "siglip2_vision_model",
    "siglip_text_model",
    "siglip_vision_model",
    "slanet",
    "slanext",
    "slanext_vision",
    "smollm3",
    "smolvlm",
    "smolvlm_vision",
    "solar_open",
    "speech-encoder-decoder",
    "speech_to_text",
    "speecht5",
    "speecht5_hifigan",
    "splinter",
    "squeezebert",
    "stablelm",
    "starcoder2",
    "step3p5",
    "step3p5_vision",
    "step3p7",
    "superglue",
    "superpoint",
    "swiftformer",
    "swin",
    "swin2sr",
    "swinv2",
    "switch_transformers",
    "t5",
    "t5_gemma_module",
    "t5gemma",
    "t5gemma2",
    "t5gemma2_decoder",
    "t5gemma2_encoder",
    "t5gemma2_text",
    "table-transformer",
    "tapas",
    "textnet",
    "time_series_transformer",
    "timesfm",
    "timesfm2_5",
    "timesformer",
    "timm_backbone",
    "timm_wrapper",
    "tipsv2",
    "tipsv2_dpt",
    "tipsv2_text_model",
    "tipsv2_vision_model",
    "trocr",
    "tvp",
    "udop",
    "ultrabert",
    "ultravbert",
    "umt5",
    "unispeech",
    "unispeech-sat",
    "univnet",
    "unlimited_ocr",
    "unlimited_ocr_sam_vision_model",
    "unlimited_ocr_text",
    "unlimited_ocr_vision",
    "unlimited_ocr_vision_encoder",
    "upernet",
    "uvdoc",
    "uvdoc_backbone",
    "vaultgemma",
    "vibevoice",
    "vibevoice_acoustic_tokenizer",
    "vibevoice_acoustic_tokenizer_decoder",
    "vibevoice_acoustic_tokenizer_encoder",
    "vibevoice_asr",
    "vibevoice_diffusion",
    "video_llama_3",
    "video_llama_3_vision",
    "video_llava",
    "videomae",
    "videomt",
    "videoprism",
    "videoprism_text_model",
    "videoprism_vision_model",
    "vilt",
    "vipllava",
    "vision-encoder-decoder",
    "vision-text-dual-encoder",
    "visual_bert",
    "vit",
    "vit_mae",
    "vit_msn",
    "vitdet",
    "vitmatte",
    "vitpose",
    "vitpose_backbone",
    "vits",
    "vivit",
    "vjepa2",
    "voxtral",
    "voxtral_encoder",
    "voxtral_realtime",
    "voxtral_realtime_encoder",
    "voxtral_realtime_text",
    "wav2vec2",
    "wav2vec2-bert",
    "wav2vec2-conformer",
    "wavlm",
    "wavtokenizer",
    "wavtokenizer_encoder",
    "whisper",
    "xclip",
    "xclip_text_model",
    "xclip_vision_model",
    "xcodec",
    "xcodec2",
    "xglm",
    "xlm",
    "xlm-roberta",
    "xlm-roberta-xl",
    "xlnet",
    "xlstm",
    "xmod",
    "yolos",
    "yoso",
    "youtu",
    "zamba",
    "zamba2",
    "zaya",
    "zoedepth",
)

PARENT: dict[str, str] = {
    "apertus1p5_text": "apertus1p5",
    "apertus1p5_vision_tokenizer": "apertus1p5",
    "aria_text": "aria",
    "blt_global_transformer": "blt",
    "blt_local_decoder": "blt",
    "blt_local_encoder": "blt",
    "blt_patcher": "blt",
    "chameleon_vqgan": "chameleon",
    "cohere_compass_text": "cohere_compass",
    "cohere_compass_vision": "cohere_compass",
    "cosmos3_edge_text": "cosmos3_edge",
    "cosmos3_edge_vision": "cosmos3_edge",
    "csm_depth_decoder_model": "csm",
    "deepseek_ocr2_encoder": "deepseek_ocr2",
    "deepseek_ocr2_sam_vision_model": "deepseek_ocr2",
    "deepseek_ocr2_text": "deepseek_ocr2",
    "deepseek_ocr2_vision": "deepseek_ocr2",
    "dia_decoder": "dia",
    "dia_encoder": "dia",
    "diffusion_gemma_text": "diffusion_gemma",
    "dots3_note_audio_encoder": "dots3_note",
    "dots3_note_text": "dots3_note",
    "dots3_note_vision_encoder": "dots3_note",
    "edgetam_video_mask_decoder": "edgetam_video",
    "edgetam_video_prompt_encoder": "edgetam_video",
    "embedding_gemma2_text": "embedding_gemma2",
    "emu3_text_model": "emu3",
    "emu3_vqgan": "emu3",
    "ernie4_5_vl_moe_text": "ernie4_5_vl_moe",
    "ernie4_5_vl_moe_vision": "ernie4_5_vl_moe",
    "exaone4_5_vision": "exaone4_5",
    "gemma3_text": "gemma3",
    "gemma3n_audio": "gemma3n",
    "gemma3n_text": "gemma3n",
    "gemma3n_vision": "gemma3n",
    "gemma4_audio": "gemma4",
    "gemma4_text": "gemma4",
    "gemma4_unified_audio": "gemma4_unified",
    "gemma4_unified_text": "gemma4_unified",
    "gemma4_unified_vision": "gemma4_unified",
    "gemma4_vision": "gemma4",
    "glm4v_moe_text": "glm4v_moe",
    "glm4v_moe_vision": "glm4v_moe",
    "glm4v_text": "glm4v",
    "glm4v_vision": "glm4v",
    "glm5_next_text": "glm5_next",
    "glm5_next_vision": "glm5_next",
    "glm_image_text": "glm_image",
    "glm_image_vision": "glm_image",
    "glm_image_vqmodel": "glm_image",
    "glm_ocr_text": "glm_ocr",
    "glm_ocr_vision": "glm_ocr",
    "glmasr_encoder": "glmasr",
    "granite4_vision_text": "granite4_vision",
    "granite_docling_text": "granite_docling",
    "granite_docling_vision": "granite_docling",
    "hunyuan_vl_text": "hunyuan_vl",
    "hunyuan_vl_vision": "hunyuan_vl",
    "hy_v4_vl_text": "hy_v4_vl",
    "hy_v4_vl_vision": "hy_v4_vl",
    "idefics_perciever": "idefics",
    "idefics_vision": "idefics",
    "inkling2_text": "inkling2",
    "inkling2_vision": "inkling2",
    "kimi_k25_vision": "kimi_k25",
    "lasr_encoder": "lasr_ctc",
    "lfm3_vl_vision": "lfm3_vl",
    "llama4_text": "llama4",
    "llama4_vision_model": "llama4",
    "llava_onevision1_5_vision": "llava_onevision1_5",
    "mimi_decoder": "mimi",
    "mimi_encoder": "mimi",
    "minimax_m3_vl_text": "minimax_m3_vl",
    "minimax_m3_vl_vision": "minimax_m3_vl",
    "mistral_large4_text": "mistral_large4",
    "mllama_text_model": "mllama",
    "mllama_vision_model": "mllama",
    "molmo2_adapter": "molmo2",
    "molmo2_text": "molmo2",
    "molmo2_vision": "molmo2",
    "moonshine_streaming_encoder": "moonshine_streaming",
    "moshi_depth": "moshi",
    "muse_glimmer_text": "muse_glimmer",
    "muse_glimmer_vision": "muse_glimmer",
    "muse_spark_audio": "muse_spark",
    "muse_spark_text": "muse_spark",
    "muse_spark_vision": "muse_spark",
    "nemotron3_5_transcribe_asr_audio": "nemo_speechlm",
    "nemotron3_5_transcribe_audio": "nemo_speechlm",
    "nemotron3_5_transcribe_word_timestamp": "nemo_speechlm",
    "nemotron3_diarization_audio": "nemotron3_diarization",
    "ovis2_5_vision": "ovis2_5",
    "paddleocr_vl_text": "paddleocr_vl",
    "paddleocr_vl_vision": "paddleocr_vl",
    "pe_audio_encoder": "pe_audio",
    "pe_audio_video_encoder": "pe_audio_video",
    "pe_video_encoder": "pe_video",
    "phi4_multimodal_audio": "phi4_multimodal",
    "phi4_multimodal_vision": "phi4_multimodal",
    "pocket_tts_audio_tokenizer_decoder": "pocket_tts_audio_tokenizer",
    "pocket_tts_audio_tokenizer_encoder": "pocket_tts_audio_tokenizer",
    "qwen2_5_omni_audio_encoder": "qwen2_5_omni",
    "qwen2_5_omni_bigvgan": "qwen2_5_omni",
    "qwen2_5_omni_dit": "qwen2_5_omni",
    "qwen2_5_omni_talker": "qwen2_5_omni",
    "qwen2_5_omni_text": "qwen2_5_omni",
    "qwen2_5_omni_thinker": "qwen2_5_omni",
    "qwen2_5_omni_token2wav": "qwen2_5_omni",
    "qwen2_5_omni_vision_encoder": "qwen2_5_omni",
    "qwen2_5_vl_text": "qwen2_5_vl",
    "qwen2_5_vl_vision": "qwen2_5_vl",
    "qwen2_vl_text": "qwen2_vl",
    "qwen2_vl_vision": "qwen2_vl",
    "qwen3_5_moe_text": "qwen3_5_moe",
    "qwen3_5_moe_vision": "qwen3_5_moe",
    "qwen3_5_text": "qwen3_5",
    "qwen3_5_vision": "qwen3_5",
    "qwen3_omni_moe_audio_encoder": "qwen3_omni_moe",
    "qwen3_omni_moe_talker_code_predictor": "qwen3_omni_moe",
    "qwen3_omni_moe_talker_text": "qwen3_omni_moe",
    "qwen3_omni_moe_text": "qwen3_omni_moe",
    "qwen3_omni_moe_thinker": "qwen3_omni_moe",
    "qwen3_omni_moe_vision_encoder": "qwen3_omni_moe",
    "qwen3_vl_moe_text": "qwen3_vl_moe",
    "qwen3_vl_moe_vision": "qwen3_vl_moe",
    "qwen3_vl_text": "qwen3_vl",
    "qwen3_vl_vision": "qwen3_vl",
    "qwen4_exp_text": "qwen4_exp",
    "qwen4_exp_vision": "qwen4_exp",
    "sam2_video_mask_decoder": "sam2_video",
    "sam2_video_prompt_encoder": "sam2_video",
    "sam3_detr_decoder": "sam3",
    "sam3_detr_encoder": "sam3",
    "sam3_geometry_encoder": "sam3",
    "sam3_mask_decoder": "sam3",
    "sam3_tracker_video_mask_decoder": "sam3_tracker_video",
    "sam3_tracker_video_prompt_encoder": "sam3_tracker_video",
    "sam3_vision_model": "sam3",
    "sam3_vit_model": "sam3",
    "step3p5": "step3p7",
    "step3p5_vision": "step3p7",
    "t5_gemma_module": "t5gemma",
    "t5gemma2_decoder": "t5gemma2",
    "t5gemma2_encoder": "t5gemma2",
    "t5gemma2_text": "t5gemma2",
    "unlimited_ocr_sam_vision_model": "unlimited_ocr",
    "unlimited_ocr_text": "unlimited_ocr",
    "unlimited_ocr_vision": "unlimited_ocr",
    "unlimited_ocr_vision_encoder": "unlimited_ocr",
    "video_llama_3_vision": "video_llama_3",
    "voxtral_realtime_encoder": "voxtral_realtime",
    "voxtral_realtime_text": "voxtral_realtime",
}

SUB_CONFIGS: dict[str, dict[str, str]] = {
    "apertus1p5": {
        "audio_config": "wavtokenizer_encoder",
        "text_config": "apertus1p5_text",
        "vision_config": "apertus1p5_vision_tokenizer",
    },
    "aria": {
        "text_config": "aria_text",
        "vision_config": "idefics3_vision",
    },
    "blt": {
        "decoder_config": "blt_local_decoder",
        "encoder_config": "blt_local_encoder",
        "global_config": "blt_global_transformer",
        "patcher_config": "blt_patcher",
    },
    "chameleon": {
        "vq_config": "chameleon_vqgan",
    },
    "cohere_compass": {
        "text_config": "cohere_compass_text",
        "vision_config": "cohere_compass_vision",
    },
    "cosmos3_edge": {
        "text_config": "cosmos3_edge_text",
        "vision_config": "cosmos3_edge_vision",
    },
    "csm": {
        "codec_config": "mimi",
        "depth_decoder_config": "csm_depth_decoder_model",
    },
    "deepseek_ocr2": {
        "text_config": "deepseek_ocr2_text",
        "vision_config": "deepseek_ocr2_vision",
    },
    "deepseek_ocr2_vision": {
        "encoder_config": "deepseek_ocr2_encoder",
        "sam_config": "deepseek_ocr2_sam_vision_model",
    },
    "dia": {
        "decoder_config": "dia_decoder",
        "encoder_config": "dia_encoder",
    },
    "diffusion_gemma": {
        "text_config": "diffusion_gemma_text",
        "vision_config": "gemma4_vision",
    },
    "dots3_note": {
        "audio_config": "dots3_note_audio_encoder",
        "text_config": "dots3_note_text",
        "vision_config": "dots3_note_vision_encoder",
    },
    "edgetam_video": {
        "mask_decoder_config": "edgetam_video_mask_decoder",
        "prompt_encoder_config": "edgetam_video_prompt_encoder",
        "vision_config": "sam2_vision_model",
    },
    "embedding_gemma2": {
        "audio_config": "gemma4_audio",
        "text_config": "embedding_gemma2_text",
        "vision_config": "gemma4_vision",
    },
    "emu3": {
        "text_config": "emu3_text_model",
        "vq_config": "emu3_vqgan",
    },
    "ernie4_5_vl_moe": {
        "text_config": "ernie4_5_vl_moe_text",
        "vision_config": "ernie4_5_vl_moe_vision",
    },
    "esmfold2": {
        "esmc_config": "esmc",
    },
    "exaone4_5": {
        "text_config": "exaone4",
        "vision_config": "exaone4_5_vision",
    },
    "gemma3": {
        "text_config": "gemma3_text",
        "vision_config": "siglip_vision_model",
    },
    "gemma3n": {
        "audio_config": "gemma3n_audio",
        "text_config": "gemma3n_text",
        "vision_config": "gemma3n_vision",
    },
    "gemma4": {
        "audio_config": "gemma4_audio",
        "text_config": "gemma4_text",
        "vision_config": "gemma4_vision",
    },
    "gemma4_unified": {
        "audio_config": "gemma4_unified_audio",
        "text_config": "gemma4_unified_text",
        "vision_config": "gemma4_unified_vision",
    },
    "glm4v": {
        "text_config": "glm4v_text",
        "vision_config": "glm4v_vision",
    },
    "glm4v_moe": {
        "text_config": "glm4v_moe_text",
        "vision_config": "glm4v_moe_vision",
    },
    "glm5_next": {
        "text_config": "glm5_next_text",
        "vision_config": "glm5_next_vision",
    },
    "glm_image": {
        "text_config": "glm_image_text",
        "vision_config": "glm_image_vision",
        "vq_config": "glm_image_vqmodel",
    },
    "glm_ocr": {
        "text_config": "glm_ocr_text",
        "vision_config": "glm_ocr_vision",
    },
    "glmasr": {
        "audio_config": "glmasr_encoder",
        "text_config": "llama",
    },
    "granite4_vision": {
        "qformer_config": "blip_2_qformer",
        "text_config": "granite4_vision_text",
        "vision_config": "clip_vision_model",
    },
    "granite_docling": {
        "text_config": "granite_docling_text",
        "vision_config": "granite_docling_vision",
    },
    "hunyuan_vl": {
        "text_config": "hunyuan_vl_text",
        "vision_config": "hunyuan_vl_vision",
    },
    "hy_v4_vl": {
        "text_config": "hy_v4_vl_text",
        "vision_config": "hy_v4_vl_vision",
    },
    "idefics": {
        "perceiver_config": "idefics_perciever",
        "vision_config": "idefics_vision",
    },
    "inkling2": {
        "text_config": "inkling2_text",
        "vision_config": "inkling2_vision",
    },
    "kimi_k25": {
        "text_config": "deepseek_v3",
        "vision_config": "kimi_k25_vision",
    },
    "kyutai_speech_to_text": {
        "codec_config": "mimi",
    },
    "lasr_ctc": {
        "encoder_config": "lasr_encoder",
    },
    "lfm3_vl": {
        "text_config": "lfm3",
        "vision_config": "lfm3_vl_vision",
    },
    "llama4": {
        "text_config": "llama4_text",
        "vision_config": "llama4_vision_model",
    },
    "llava_onevision1_5": {
        "text_config": "qwen3",
        "vision_config": "llava_onevision1_5_vision",
    },
    "minimax_m3_vl": {
        "text_config": "minimax_m3_vl_text",
        "vision_config": "minimax_m3_vl_vision",
    },
    "mistral_large4": {
        "text_config": "mistral_large4_text",
        "vision_config": "pixtral",
    },
    "mllama": {
        "text_config": "mllama_text_model",
        "vision_config": "mllama_vision_model",
    },
    "molmo2": {
        "adapter_config": "molmo2_adapter",
        "text_config": "molmo2_text",
        "vision_config": "molmo2_vision",
    },
    "moonshine_streaming": {
        "encoder_config": "moonshine_streaming_encoder",
    },
    "moshi": {
        "audio_encoder_config": "mimi",
        "depth_decoder_config": "moshi_depth",
    },
    "muse_glimmer": {
        "text_config": "muse_glimmer_text",
        "vision_config": "muse_glimmer_vision",
    },
    "muse_spark": {
        "audio_config": "muse_spark_audio",
        "text_config": "muse_spark_text",
        "vision_config": "muse_spark_vision",
    },
    "musicflamingo": {
        "audio_config": "audioflamingo3_encoder",
        "text_config": "qwen2",
    },
    "nemo_speechlm": {
        "audio_config": "nemotron3_5_transcribe_audio",
        "text_config": "nemotron_h",
        "word_timestamp_config": "nemotron3_5_transcribe_word_timestamp",
    },
    "nemotron3_5_transcribe_audio": {
        "asr_config": "nemotron3_5_transcribe_asr_audio",
        "diarization_config": "nemotron3_diarization",
    },
    "nemotron3_diarization": {
        "audio_config": "nemotron3_diarization_audio",
    },
    "neucodec": {
        "semantic_model_config": "wav2vec2-bert",
    },
    "ovis2_5": {
        "text_config": "qwen3",
        "vision_config": "ovis2_5_vision",
    },
    "paddleocr_vl": {
        "text_config": "paddleocr_vl_text",
        "vision_config": "paddleocr_vl_vision",
    },
    "pe_audio": {
        "audio_config": "pe_audio_encoder",
        "text_config": "modernbert",
    },
    "pe_audio_encoder": {
        "dac_config": "dac",
    },
    "pe_audio_video": {
        "audio_video_config": "pe_audio_video_encoder",
        "text_config": "modernbert",
    },
    "pe_audio_video_encoder": {
        "audio_config": "pe_audio_encoder",
        "video_config": "pe_video_encoder",
    },
    "pe_video": {
        "text_config": "modernbert",
        "video_config": "pe_video_encoder",
    },
    "pe_video_encoder": {
        "vision_config": "timm_wrapper",
    },
    "phi4_multimodal": {
        "audio_config": "phi4_multimodal_audio",
        "vision_config": "phi4_multimodal_vision",
    },
    "pi05": {
        "dit_config": "gemma",
        "vlm_config": "paligemma",
    },
    "qwen2_5_omni": {
        "talker_config": "qwen2_5_omni_talker",
        "thinker_config": "qwen2_5_omni_thinker",
        "token2wav_config": "qwen2_5_omni_token2wav",
    },
    "qwen2_5_omni_thinker": {
        "audio_config": "qwen2_5_omni_audio_encoder",
        "text_config": "qwen2_5_omni_text",
        "vision_config": "qwen2_5_omni_vision_encoder",
    },
    "qwen2_5_omni_token2wav": {
        "bigvgan_config": "qwen2_5_omni_bigvgan",
        "dit_config": "qwen2_5_omni_dit",
    },
    "qwen2_5_vl": {
        "text_config": "qwen2_5_vl_text",
        "vision_config": "qwen2_5_vl_vision",
    },
    "qwen2_vl": {
        "text_config": "qwen2_vl_text",
        "vision_config": "qwen2_vl_vision",
    },
    "qwen3_5": {
        "text_config": "qwen3_5_text",
        "vision_config": "qwen3_5_vision",
    },
    "qwen3_5_moe": {
        "text_config": "qwen3_5_moe_text",
        "vision_config": "qwen3_5_moe_vision",
    },
    "qwen3_omni_moe": {
        "thinker_config": "qwen3_omni_moe_thinker",
    },
    "qwen3_omni_moe_thinker": {
        "audio_config": "qwen3_omni_moe_audio_encoder",
        "text_config": "qwen3_omni_moe_text",
        "vision_config": "qwen3_omni_moe_vision_encoder",
    },
    "qwen3_vl": {
        "text_config": "qwen3_vl_text",
        "vision_config": "qwen3_vl_vision",
    },
    "qwen3_vl_moe": {
        "text_config": "qwen3_vl_moe_text",
        "vision_config": "qwen3_vl_moe_vision",
    },
    "qwen4_exp": {
        "text_config": "qwen4_exp_text",
        "vision_config": "qwen4_exp_vision",
    },
    "sam2_video": {
        "mask_decoder_config": "sam2_video_mask_decoder",
        "prompt_encoder_config": "sam2_video_prompt_encoder",
        "vision_config": "sam2_vision_model",
    },
    "sam3": {
        "detr_decoder_config": "sam3_detr_decoder",
        "detr_encoder_config": "sam3_detr_encoder",
        "geometry_encoder_config": "sam3_geometry_encoder",
        "mask_decoder_config": "sam3_mask_decoder",
        "text_config": "clip_text_model",
        "vision_config": "sam3_vision_model",
    },
    "sam3_tracker_video": {
        "mask_decoder_config": "sam3_tracker_video_mask_decoder",
        "prompt_encoder_config": "sam3_tracker_video_prompt_encoder",
        "vision_config": "sam3_vision_model",
    },
    "sam3_vision_model": {
        "backbone_config": "sam3_vit_model",
    },
    "step3p7": {
        "text_config": "step3p5",
        "vision_config": "step3p5_vision",
    },
    "t5gemma": {
        "decoder": "t5_gemma_module",
        "encoder": "t5_gemma_module",
    },
    "t5gemma2": {
        "decoder": "t5gemma2_decoder",
        "encoder": "t5gemma2_encoder",
    },
    "t5gemma2_encoder": {
        "text_config": "t5gemma2_text",
        "vision_config": "siglip_vision_model",
    },
    "unlimited_ocr": {
        "text_config": "unlimited_ocr_text",
        "vision_config": "unlimited_ocr_vision",
    },
    "unlimited_ocr_vision": {
        "encoder_config": "unlimited_ocr_vision_encoder",
        "sam_config": "unlimited_ocr_sam_vision_model",
    },
    "video_llama_3": {
        "text_config": "qwen2",
        "vision_config": "video_llama_3_vision",
    },
    "voxtral_realtime": {
        "audio_config": "voxtral_realtime_encoder",
        "text_config": "voxtral_realtime_text",
    },
    "xcodec2": {
        "semantic_model_config": "wav2vec2-bert",
    },
}

ALIASES: dict[str, dict[str, str]] = {
    "bailing_hybrid": {
        "max_position_embeddings": "model_max_length",
    },
    "bamba": {
        "layer_types": "layers_block_type",
    },
    "codegen": {
        "hidden_size": "n_embd",
        "max_position_embeddings": "n_positions",
        "num_attention_heads": "n_head",
    },
    "cohere_compass_vision": {
        "num_attention_heads": "num_heads",
    },
    "dbrx": {
        "hidden_size": "d_model",
        "max_position_embeddings": "max_seq_len",
        "num_attention_heads": "n_heads",
    },
    "ernie4_5_vl_moe_vision": {
        "num_attention_heads": "num_heads",
    },
    "exaone4_5_vision": {
        "num_attention_heads": "num_heads",
    },
    "falcon_h1": {
        "layer_types": "layers_block_type",
    },
    "glm4_moe_lite": {
        "head_dim": "qk_rope_head_dim",
    },
    "glm4v_moe_vision": {
        "num_attention_heads": "num_heads",
    },
    "glm4v_vision": {
        "num_attention_heads": "num_heads",
    },
    "glm5_next_vision": {
        "num_attention_heads": "num_heads",
    },
    "glm_image_vision": {
        "num_attention_heads": "num_heads",
    },
    "glm_ocr_vision": {
        "num_attention_heads": "num_heads",
    },
    "gptj": {
        "hidden_size": "n_embd",
        "max_position_embeddings": "n_positions",
        "num_attention_heads": "n_head",
    },
    "hunyuan_vl_text": {
        "attention_head_dim": "head_dim",
    },
    "idefics_vision": {
        "hidden_size": "embed_dim",
    },
    "jetmoe": {
        "head_dim": "kv_channels",
    },
    "llava_onevision1_5_vision": {
        "num_attention_heads": "num_heads",
    },
    "mllama_vision_model": {
        "num_attention_heads": "attention_heads",
    },
    "moonshine": {
        "num_attention_heads": "decoder_num_attention_heads",
    },
    "qwen2_5_omni_audio_encoder": {
        "hidden_size": "d_model",
        "num_attention_heads": "encoder_attention_heads",
    },
    "qwen2_5_omni_vision_encoder": {
        "num_attention_heads": "num_heads",
    },
    "qwen2_5_vl_vision": {
        "num_attention_heads": "num_heads",
    },
    "qwen2_vl_vision": {
        "num_attention_heads": "num_heads",
    },
    "qwen3_5_moe_vision": {
        "num_attention_heads": "num_heads",
    },
    "qwen3_5_vision": {
        "num_attention_heads": "num_heads",
    },
    "qwen3_omni_moe_audio_encoder": {
        "hidden_size": "d_model",
        "num_attention_heads": "encoder_attention_heads",
    },
    "qwen3_omni_moe_vision_encoder": {
        "num_attention_heads": "num_heads",
    },
    "qwen3_vl_moe_vision": {
        "num_attention_heads": "num_heads",
    },
    "qwen3_vl_vision": {
        "num_attention_heads": "num_heads",
    },
    "qwen4_exp_vision": {
        "num_attention_heads": "num_heads",
    },
    "recurrent_gemma": {
        "layer_types": "layers_block_type",
    },
    "voxtral_realtime_encoder": {
        "d_model": "hidden_size",
    },
    "zamba2": {
        "head_dim": "attention_head_dim",
        "layer_types": "layers_block_type",
    },
}

DERIVED: dict[str, dict[str, str]] = {
    "afmoe": {
        "layer_types": "one entry per layer (num_hidden_layers): repeating ['sliding_attention', 'sliding_attention', 'sliding_attention', 'full_attention'] (default 32 layers)",
    },
    "arcee": {
        "head_dim": "hidden_size // num_attention_heads",
    },
    "aria_text": {
        "head_dim": "hidden_size // num_attention_heads",
    },
    "axk1": {
        "head_dim": "qk_rope_head_dim",
        "qk_head_dim": "qk_nope_head_dim + qk_rope_head_dim",
    },
    "axk2": {
        "head_dim": "qk_rope_head_dim",
        "layer_types": "one entry per layer (num_hidden_layers): repeating ['indexed_attention'] (default 48 layers)",
        "qk_head_dim": "qk_nope_head_dim + qk_rope_head_dim",
    },
    "bailing_hybrid": {
        "head_dim": "qk_rope_head_dim",
        "layer_types": "one entry per layer (num_hidden_layers): repeating ['linear_attention', 'linear_attention', 'linear_attention', 'linear_attention', 'linear_attention', 'full_attention'] (default 42 layers)",
        "qk_head_dim": "qk_nope_head_dim + qk_rope_head_dim",
    },
    "beam": {
        "layer_types": "one entry per layer (num_hidden_layers): repeating ['sliding_attention', 'sliding_attention', 'sliding_attention', 'sliding_attention', 'sliding_attention', 'full_attention'], except the last layer: 'full_attention' (default 52 layers)",
    },
    "blt_global_transformer": {
        "head_dim": "hidden_size // num_attention_heads",
    },
    "blt_local_decoder": {
        "head_dim": "hidden_size // num_attention_heads",
    },
    "blt_patcher": {
        "head_dim": "hidden_size // num_attention_heads",
    },
    "cohere2": {
        "head_dim": "hidden_size // num_attention_heads",
        "layer_types": "one entry per layer (num_hidden_layers): repeating ['sliding_attention', 'sliding_attention', 'sliding_attention', 'full_attention'] (default 40 layers)",
    },
    "cohere2_moe": {
        "layer_types": "one entry per layer (num_hidden_layers): repeating ['sliding_attention', 'sliding_attention', 'sliding_attention', 'full_attention'] (default 40 layers)",
    },
    "cohere_compass_text": {
        "head_dim": "hidden_size // num_attention_heads",
        "layer_types": "one entry per layer (num_hidden_layers): repeating ['full_attention'] (default 40 layers)",
    },
    "csm": {
        "head_dim": "hidden_size // num_attention_heads",
    },
    "csm_depth_decoder_model": {
        "head_dim": "hidden_size // num_attention_heads",
    },
    "cwm": {
        "layer_types": "one entry per layer (num_hidden_layers): repeating ['full_attention', 'sliding_attention', 'sliding_attention', 'sliding_attention'] (default 64 layers)",
    },
    "deepseek_ocr2_encoder": {
        "layer_types": "one entry per layer (num_hidden_layers): repeating ['full_attention'] (default 32 layers)",
    },
    "deepseek_ocr2_text": {
        "head_dim": "hidden_size // num_attention_heads",
    },
    "deepseek_v2": {
        "head_dim": "qk_rope_head_dim",
        "qk_head_dim": "qk_nope_head_dim + qk_rope_head_dim",
    },
    "deepseek_v3": {
        "head_dim": "qk_rope_head_dim",
        "qk_head_dim": "qk_nope_head_dim + qk_rope_head_dim",
    },
    "deepseek_v32": {
        "head_dim": "qk_rope_head_dim",
        "layer_types": "one entry per layer (num_hidden_layers): repeating ['indexed_attention'] (default 61 layers)",
        "qk_head_dim": "qk_nope_head_dim + qk_rope_head_dim",
    },
    "deepseek_v4": {
        "layer_types": "one entry per layer (num_hidden_layers): repeating ['heavily_compressed_attention', 'compressed_sparse_attention'], except layer 1: 'heavily_compressed_attention' (default 43 layers)",
        "partial_rotary_factor": "qk_rope_head_dim / head_dim",
        "rope_parameters.compress.partial_rotary_factor": "qk_rope_head_dim / head_dim",
        "rope_parameters.main.partial_rotary_factor": "qk_rope_head_dim / head_dim",
    },
    "diffllama": {
        "head_dim": "hidden_size // num_attention_heads",
    },
    "diffusion_gemma_text": {
        "layer_types": "one entry per layer (num_hidden_layers): repeating ['sliding_attention', 'sliding_attention', 'sliding_attention', 'sliding_attention', 'sliding_attention', 'full_attention'] (default 30 layers)",
    },
    "dory": {
        "layer_types": "one entry per layer (num_hidden_layers): repeating ['sliding_attention', 'mlp', 'sliding_attention', 'mlp', 'sliding_attention', 'mlp', 'full_attention', 'mlp'] (default 72 layers)",
    },
    "dots1": {
        "layer_types": "one entry per layer (num_hidden_layers): repeating ['full_attention'] (default 62 layers)",
    },
    "dots3_note_audio_encoder": {
        "head_dim": "hidden_size // num_attention_heads",
    },
    "dots3_note_text": {
        "head_dim": "default 256; may follow num_attention_heads, which this class refused to change",
        "index_head_dim": "default 128; may follow num_attention_heads, which this class refused to change",
        "layer_types": "one entry per layer (num_hidden_layers): repeating ['sliding_attention', 'indexed_attention', 'sliding_attention', 'sliding_attention'], except layer 0: 'indexed_attention' (default 46 layers)",
        "qk_nope_head_dim": "default 128; may follow num_attention_heads, which this class refused to change",
        "qk_rope_head_dim": "default 64; may follow num_attention_heads, which this class refused to change",
        "rope_parameters.indexed_attention.partial_rotary_factor": "qk_rope_head_dim / head_dim",
        "v_head_dim": "default 128; may follow num_attention_heads, which this class refused to change",
    },
    "embedding_gemma2_text": {
        "layer_types": "one entry per layer (num_hidden_layers): repeating ['sliding_attention', 'sliding_attention', 'sliding_attention', 'sliding_attention', 'sliding_attention', 'full_attention'] (default 24 layers)",
    },
    "ergo": {
        "layer_types": "one entry per layer (num_hidden_layers): repeating ['sliding_attention', 'sliding_attention', 'sliding_attention', 'full_attention'] (default 64 layers)",
    },
    "esmc": {
        "head_dim": "hidden_size // num_attention_heads",
    },
    "eurobert": {
        "head_dim": "hidden_size // num_attention_heads",
    },
    "exaone4": {
        "layer_types": "one entry per layer (num_hidden_layers): repeating ['sliding_attention', 'sliding_attention', 'sliding_attention', 'full_attention'] (default 32 layers)",
    },
    "exaone_moe": {
        "layer_types": "one entry per layer (num_hidden_layers): repeating ['sliding_attention', 'sliding_attention', 'sliding_attention', 'full_attention'] (default 32 layers)",
    },
    "flint": {
        "layer_types": "one entry per layer (num_hidden_layers): repeating ['full_attention', 'full_attention', 'sliding_attention', 'sliding_attention', 'sliding_attention', 'full_attention', 'sliding_attention', 'sliding_attention', 'sliding_attention', 'full_attention', 'sliding_attention', 'sliding_attention', 'sliding_attention', 'full_attention', 'sliding_attention', 'sliding_attention', 'sliding_attention', 'full_attention', 'sliding_attention', 'sliding_attention', 'sliding_attention', 'full_attention', 'sliding_attention', 'sliding_attention'], except layer 24: 'sliding_attention' (default 49 layers)",
    },
    "gemma2": {
        "layer_types": "one entry per layer (num_hidden_layers): repeating ['sliding_attention', 'full_attention'] (default 26 layers)",
    },
    "gemma3_text": {
        "layer_types": "one entry per layer (num_hidden_layers): repeating ['sliding_attention', 'sliding_attention', 'sliding_attention', 'sliding_attention', 'sliding_attention', 'full_attention'] (default 26 layers)",
    },
    "gemma3n_text": {
        "layer_types": "one entry per layer (num_hidden_layers): repeating ['sliding_attention', 'sliding_attention', 'sliding_attention', 'sliding_attention', 'full_attention'] (default 35 layers)",
    },
    "gemma4_text": {
        "layer_types": "one entry per layer (num_hidden_layers): repeating ['sliding_attention', 'sliding_attention', 'sliding_attention', 'sliding_attention', 'sliding_attention', 'full_attention'] (default 30 layers)",
    },
    "gemma4_unified_text": {
        "layer_types": "one entry per layer (num_hidden_layers): repeating ['sliding_attention', 'sliding_attention', 'sliding_attention', 'sliding_attention', 'sliding_attention', 'full_attention'] (default 30 layers)",
    },
    "glm4_moe_lite": {
        "qk_head_dim": "qk_nope_head_dim + qk_rope_head_dim",
    },
    "glm5_next_text": {
        "head_dim": "default 0; may follow num_attention_heads and qk_rope_head_dim, which this class refused to change",
        "index_head_dim": "default 128; may follow num_attention_heads and qk_rope_head_dim, which this class refused to change",
        "layer_types": "one entry per layer (num_hidden_layers): repeating ['linear_attention', 'linear_attention', 'linear_attention', 'indexed_attention'] (default 45 layers)",
        "linear_head_dim": "default 128; may follow num_attention_heads and qk_rope_head_dim, which this class refused to change",
        "qk_head_dim": "default 256; may follow num_attention_heads and qk_rope_head_dim, which this class refused to change",
        "qk_nope_head_dim": "default 256; may follow num_attention_heads and qk_rope_head_dim, which this class refused to change",
        "qk_rope_head_dim": "default 0; may follow num_attention_heads, which this class refused to change",
        "v_head_dim": "default 256; may follow num_attention_heads and qk_rope_head_dim, which this class refused to change",
    },
    "glm_moe_dsa": {
        "head_dim": "qk_rope_head_dim",
        "layer_types": "one entry per layer (num_hidden_layers): repeating ['indexed_attention'] (default 78 layers)",
        "qk_head_dim": "qk_nope_head_dim + qk_rope_head_dim",
    },
    "gpt_oss": {
        "layer_types": "one entry per layer (num_hidden_layers): repeating ['sliding_attention', 'full_attention'] (default 36 layers)",
    },
    "gradium_phonon_tts": {
        "head_dim": "hidden_size // num_attention_heads",
    },
    "granite_swa": {
        "layer_rope_theta": "one entry per layer (num_hidden_layers): repeating [10000.0] (default 24 layers)",
        "layer_types": "one entry per layer (num_hidden_layers): repeating ['full_attention', 'sliding_attention', 'sliding_attention', 'sliding_attention'] (default 24 layers)",
    },
    "granitemoe_swa": {
        "layer_rope_theta": "one entry per layer (num_hidden_layers): repeating [10000.0] (default 32 layers)",
        "layer_types": "one entry per layer (num_hidden_layers): repeating ['full_attention', 'sliding_attention', 'sliding_attention', 'sliding_attention'] (default 32 layers)",
    },
    "granitemoehybrid": {
        "layer_types": "one entry per layer (num_hidden_layers): repeating ['linear_attention'] (default 32 layers)",
    },
    "hy_v4": {
        "head_dim": "qk_rope_head_dim",
        "layer_types": "one entry per layer (num_hidden_layers): repeating ['indexed_attention'] (default 34 layers)",
        "qk_head_dim": "qk_nope_head_dim + qk_rope_head_dim",
    },
    "hy_v4_vl_text": {
        "head_dim": "default 64; may follow qk_rope_head_dim, which this class refused to change",
        "index_head_dim": "default 128; may follow qk_rope_head_dim, which this class refused to change",
        "layer_types": "one entry per layer (num_hidden_layers): repeating ['indexed_attention'] (default 78 layers)",
        "qk_head_dim": "default 256; may follow qk_rope_head_dim, which this class refused to change",
        "qk_nope_head_dim": "default 192; may follow qk_rope_head_dim, which this class refused to change",
        "v_head_dim": "default 256; may follow qk_rope_head_dim, which this class refused to change",
    },
    "hyperclovax": {
        "head_dim": "hidden_size // num_attention_heads",
    },
    "inkling2_text": {
        "layer_types": "one entry per layer (num_hidden_layers): repeating ['hybrid_sliding', 'hybrid_sliding', 'hybrid_sliding', 'hybrid_sliding', 'hybrid_sliding', 'hybrid'] (default 48 layers)",
    },
    "jais2": {
        "head_dim": "hidden_size // num_attention_heads",
    },
    "kolibri1": {
        "layer_types": "one entry per layer (num_hidden_layers): repeating ['sliding_attention', 'sliding_attention', 'sliding_attention', 'sliding_attention', 'full_attention'] (default 50 layers)",
    },
    "kolibri1_1": {
        "layer_types": "one entry per layer (num_hidden_layers): repeating ['sliding_attention', 'sliding_attention', 'sliding_attention', 'sliding_attention', 'indexed_attention'] (default 50 layers)",
    },
    "kyutai_speech_to_text": {
        "head_dim": "hidden_size // num_attention_heads",
    },
    "laguna": {
        "layer_types": "one entry per layer (num_hidden_layers): repeating ['full_attention'] (default 40 layers)",
    },
    "lara_mini": {
        "layer_types": "one entry per layer (num_hidden_layers): repeating ['linear_attention', 'sliding_attention', 'linear_attention', 'full_attention', 'sliding_attention'] (default 34 layers)",
    },
    "lfm2": {
        "layer_types": "one entry per layer (num_hidden_layers): repeating ['full_attention'] (default 32 layers)",
    },
    "lfm3": {
        "layer_types": "one entry per layer (num_hidden_layers): repeating ['sliding_attention', 'conv', 'full_attention', 'conv'], except layer 0: 'conv' (default 24 layers)",
    },
    "lfm3_vl_vision": {
        "layer_types": "one entry per layer (num_hidden_layers): repeating ['full_attention', 'conv'], except layer 0: 'conv' (default 14 layers)",
    },
    "llama": {
        "head_dim": "hidden_size // num_attention_heads",
    },
    "llama4_text": {
        "layer_types": "one entry per layer (num_hidden_layers): repeating ['chunked_attention', 'chunked_attention', 'chunked_attention', 'full_attention'] (default 48 layers)",
        "no_rope_layers": "one entry per layer (num_hidden_layers): repeating [1, 1, 1, 0] (default 48 layers)",
    },
    "longcat_flash": {
        "qk_head_dim": "qk_nope_head_dim + qk_rope_head_dim",
    },
    "mellum": {
        "layer_types": "one entry per layer (num_hidden_layers): repeating ['full_attention'] (default 28 layers)",
    },
    "mimi": {
        "head_dim": "hidden_size // num_attention_heads",
    },
    "mimi_decoder": {
        "head_dim": "hidden_size // num_attention_heads",
    },
    "mimi_encoder": {
        "head_dim": "hidden_size // num_attention_heads",
    },
    "mimo_v2_flash": {
        "layer_types": "one entry per layer (num_hidden_layers): repeating ['sliding_attention', 'sliding_attention', 'sliding_attention', 'sliding_attention', 'sliding_attention', 'full_attention'], except layer 0: 'full_attention' (default 48 layers)",
    },
    "minicpm3": {
        "head_dim": "qk_rope_head_dim",
        "qk_head_dim": "qk_nope_head_dim + qk_rope_head_dim",
        "v_head_dim": "hidden_size // num_attention_heads",
    },
    "minimax": {
        "layer_types": "one entry per layer (num_hidden_layers): repeating ['full_attention', 'linear_attention'] (default 32 layers)",
    },
    "minimax_m3_vl_text": {
        "layer_types": "one entry per layer (num_hidden_layers): repeating ['full_attention'] (default 60 layers)",
    },
    "ministral": {
        "layer_types": "one entry per layer (num_hidden_layers): repeating ['sliding_attention'] (default 32 layers)",
    },
    "ministral3": {
        "rope_parameters.max_position_embeddings": "max_position_embeddings",
    },
    "mistral": {
        "head_dim": "hidden_size // num_attention_heads",
    },
    "mistral4": {
        "head_dim": "qk_nope_head_dim + qk_rope_head_dim",
        "qk_head_dim": "qk_nope_head_dim + qk_rope_head_dim",
        "rope_parameters.max_position_embeddings": "max_position_embeddings",
        "rope_parameters.partial_rotary_factor": "qk_rope_head_dim / head_dim",
    },
    "mistral_large4_text": {
        "head_dim": "qk_rope_head_dim",
        "layer_types": "one entry per layer (num_hidden_layers): repeating ['indexed_attention'] (default 72 layers)",
        "no_rope_layers": "one entry per layer (num_hidden_layers): repeating [1, 1, 1, 0] (default 72 layers)",
        "qk_head_dim": "qk_nope_head_dim + qk_rope_head_dim",
    },
    "modernbert": {
        "layer_types": "one entry per layer (num_hidden_layers): repeating ['full_attention', 'sliding_attention', 'sliding_attention'] (default 22 layers)",
    },
    "modernbert-decoder": {
        "layer_types": "one entry per layer (num_hidden_layers): repeating ['full_attention', 'sliding_attention', 'sliding_attention'] (default 22 layers)",
    },
    "molmo2_text": {
        "rope_scaling_layers": "one entry per layer (num_hidden_layers): default [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35]",
    },
    "moonshine_streaming": {
        "head_dim": "hidden_size // num_attention_heads",
    },
    "moonshine_streaming_encoder": {
        "head_dim": "hidden_size // num_attention_heads",
    },
    "moshi": {
        "head_dim": "hidden_size // num_attention_heads",
    },
    "moshi_depth": {
        "head_dim": "hidden_size // num_attention_heads",
    },
    "muse_glimmer_assistant": {
        "layer_types": "one entry per layer (num_hidden_layers): repeating ['sliding_attention'] (default 5 layers)",
    },
    "muse_glimmer_text": {
        "layer_rope_theta": "one entry per layer (num_hidden_layers): repeating [10000.0, 10000.0, 10000.0, 0] (default 52 layers)",
        "layer_types": "one entry per layer (num_hidden_layers): repeating ['sliding_attention', 'sliding_attention', 'sliding_attention', 'full_attention'] (default 52 layers)",
    },
    "muse_glimmer_vision": {
        "layer_types": "one entry per layer (num_hidden_layers): repeating ['window_attention', 'window_attention', 'window_attention', 'full_attention'], except the last layer: 'full_attention' (default 50 layers)",
    },
    "muse_spark_text": {
        "layer_rope_theta": "one entry per layer (num_hidden_layers): repeating [500000.0, 0, 500000.0, 500000.0] (default 62 layers)",
        "layer_types": "one entry per layer (num_hidden_layers): repeating ['sliding_attention', 'full_attention', 'sliding_attention', 'sliding_attention'] (default 62 layers)",
    },
    "muse_spark_vision": {
        "layer_types": "one entry per layer (num_hidden_layers): repeating ['window_attention', 'window_attention', 'window_attention', 'full_attention'], except the last layer: 'full_attention' (default 50 layers)",
    },
    "nemotron": {
        "head_dim": "hidden_size // num_attention_heads",
    },
    "neomme": {
        "layer_types": "one entry per layer (num_hidden_layers): repeating ['sliding_attention', 'sliding_attention', 'sliding_attention', 'sliding_attention', 'sliding_attention', 'full_attention'], except the last layer: 'full_attention' (default 17 layers)",
    },
    "nomic_bert": {
        "head_dim": "hidden_size // num_attention_heads",
    },
    "olmo3": {
        "layer_types": "one entry per layer (num_hidden_layers): repeating ['sliding_attention', 'sliding_attention', 'sliding_attention', 'full_attention'] (default 32 layers)",
    },
    "olmo_hybrid": {
        "layer_types": "one entry per layer (num_hidden_layers): repeating ['linear_attention', 'linear_attention', 'linear_attention', 'full_attention'] (default 32 layers)",
        "linear_key_head_dim": "follows hidden_size and num_attention_heads",
        "linear_value_head_dim": "follows hidden_size and num_attention_heads",
    },
    "ovis2_5_vision": {
        "layer_types": "one entry per layer (num_hidden_layers): repeating ['full_attention'] (default 27 layers)",
    },
    "pixtral": {
        "head_dim": "hidden_size // num_attention_heads",
    },
    "pocket_tts": {
        "head_dim": "hidden_size // num_attention_heads",
    },
    "pocket_tts_audio_tokenizer": {
        "head_dim": "hidden_size // num_attention_heads",
    },
    "pocket_tts_audio_tokenizer_decoder": {
        "head_dim": "hidden_size // num_attention_heads",
    },
    "pocket_tts_audio_tokenizer_encoder": {
        "head_dim": "hidden_size // num_attention_heads",
    },
    "qwen2": {
        "layer_types": "one entry per layer (num_hidden_layers): repeating ['full_attention'] (default 32 layers)",
    },
    "qwen2_5_omni_talker": {
        "layer_types": "one entry per layer (num_hidden_layers): repeating ['full_attention'] (default 28 layers)",
    },
    "qwen2_5_omni_text": {
        "layer_types": "one entry per layer (num_hidden_layers): repeating ['full_attention'] (default 28 layers)",
    },
    "qwen2_5_vl_text": {
        "layer_types": "one entry per layer (num_hidden_layers): repeating ['full_attention'] (default 80 layers)",
    },
    "qwen2_moe": {
        "layer_types": "one entry per layer (num_hidden_layers): repeating ['full_attention'] (default 24 layers)",
    },
    "qwen2_vl_text": {
        "layer_types": "one entry per layer (num_hidden_layers): repeating ['full_attention'] (default 80 layers)",
    },
    "qwen3": {
        "layer_types": "one entry per layer (num_hidden_layers): repeating ['full_attention'] (default 32 layers)",
    },
    "qwen3_5_moe_text": {
        "layer_types": "one entry per layer (num_hidden_layers): repeating ['linear_attention', 'linear_attention', 'linear_attention', 'full_attention'] (default 40 layers)",
    },
    "qwen3_5_text": {
        "layer_types": "one entry per layer (num_hidden_layers): repeating ['linear_attention', 'linear_attention', 'linear_attention', 'full_attention'] (default 32 layers)",
    },
    "qwen3_next": {
        "layer_types": "one entry per layer (num_hidden_layers): repeating ['linear_attention', 'linear_attention', 'linear_attention', 'full_attention'] (default 48 layers)",
    },
    "qwen3_omni_moe_talker_code_predictor": {
        "layer_types": "one entry per layer (num_hidden_layers): repeating ['full_attention'] (default 5 layers)",
    },
    "qwen3_vl_moe_text": {
        "head_dim": "hidden_size // num_attention_heads",
    },
    "qwen4_exp_text": {
        "layer_types": "one entry per layer (num_hidden_layers): repeating ['linear_attention', 'linear_attention', 'linear_attention', 'indexed_attention'] (default 40 layers)",
    },
    "recurrent_gemma": {
        "head_dim": "hidden_size // num_attention_heads",
    },
    "smollm3": {
        "layer_types": "one entry per layer (num_hidden_layers): repeating ['full_attention'] (default 36 layers)",
        "no_rope_layers": "one entry per layer (num_hidden_layers): repeating [1, 1, 1, 0] (default 36 layers)",
    },
    "step3p5": {
        "layer_types": "one entry per layer (num_hidden_layers): repeating ['full_attention'] (default 45 layers)",
    },
    "t5_gemma_module": {
        "layer_types": "one entry per layer (num_hidden_layers): repeating ['sliding_attention', 'full_attention'] (default 26 layers)",
    },
    "t5gemma2_decoder": {
        "layer_types": "one entry per layer (num_hidden_layers): repeating ['sliding_attention', 'sliding_attention', 'sliding_attention', 'sliding_attention', 'sliding_attention', 'full_attention'] (default 26 layers)",
    },
    "t5gemma2_text": {
        "layer_types": "one entry per layer (num_hidden_layers): repeating ['sliding_attention', 'sliding_attention', 'sliding_attention', 'sliding_attention', 'sliding_attention', 'full_attention'] (default 26 layers)",
    },
    "ultrabert": {
        "head_dim": "hidden_size // num_attention_heads",
        "layer_types": "one entry per layer (num_hidden_layers): repeating ['sliding_attention', 'sliding_attention', 'full_attention'] (default 32 layers)",
    },
    "unlimited_ocr_text": {
        "head_dim": "hidden_size // num_attention_heads",
        "layer_types": "one entry per layer (num_hidden_layers): repeating ['reference_sliding_attention'] (default 12 layers)",
    },
    "vaultgemma": {
        "layer_types": "one entry per layer (num_hidden_layers): repeating ['sliding_attention', 'full_attention'] (default 26 layers)",
    },
    "voxtral_realtime_text": {
        "head_dim": "hidden_size // num_attention_heads",
    },
    "youtu": {
        "head_dim": "qk_rope_head_dim",
        "qk_head_dim": "qk_nope_head_dim + qk_rope_head_dim",
    },
    "zamba2": {
        "attention_head_dim": "2 * (hidden_size // num_attention_heads)",
        "kv_channels": "hidden_size // num_attention_heads",
    },
    "zaya": {
        "layer_types": "one entry per layer (num_hidden_layers): repeating ['hybrid'] (default 40 layers)",
    },
}

DEFAULTS: dict[str, dict[str, object]] = {
    "afmoe": {
        "default_theta": 10000.0,
        "head_dim": 128,
        "hidden_size": 2048,
        "max_position_embeddings": 16384,
        "num_attention_heads": 16,
        "rope_parameters": {
            "rope_theta": 10000.0,
            "rope_type": "default",
        },
    },
    "apertus": {
        "default_theta": 12000000.0,
        "hidden_size": 4096,
        "max_position_embeddings": 65536,
        "num_attention_heads": 32,
        "rope_parameters": {
            "factor": 8.0,
            "high_freq_factor": 4.0,
            "low_freq_factor": 1.0,
            "original_max_position_embeddings": 8192,
            "rope_theta": 12000000.0,
            "rope_type": "llama3",
        },
    },
    "apertus1p5": {
        "default_theta": 10000.0,
    },
    "apertus1p5_text": {
        "default_theta": 12000000.0,
        "hidden_size": 4096,
        "max_position_embeddings": 65536,
        "num_attention_heads": 32,
        "rope_parameters": {
            "factor": 8.0,
            "high_freq_factor": 4.0,
            "low_freq_factor": 1.0,
            "original_max_position_embeddings": 8192,
            "rope_theta": 12000000.0,
            "rope_type": "llama3",
        },
    },
    "apertus1p5_vision_tokenizer": {
        "default_theta": 10000.0,
    },
    "arcee": {
        "default_theta": 10000.0,
        "hidden_size": 2560,
        "max_position_embeddings": 4096,
        "num_attention_heads": 32,
        "rope_parameters": {
            "rope_theta": 10000.0,
            "rope_type": "default",
        },
    },
    "aria": {
        "default_theta": 10000.0,
    },
    "aria_text": {
        "default_theta": 10000.0,
        "hidden_size": 4096,
        "max_position_embeddings": 2048,
        "num_attention_heads": 32,
        "rope_parameters": {
            "rope_theta": 10000.0,
            "rope_type": "default",
        },
    },
    "axk1": {
        "default_theta": 10000.0,
        "hidden_size": 7168,
        "max_position_embeddings": 32768,
        "num_attention_heads": 64,
        "qk_nope_head_dim": 128,
        "qk_rope_head_dim": 64,
        "rope_interleave": True,
        "rope_parameters": {
            "rope_theta": 10000.0,
            "rope_type": "default",
        },
        "v_head_dim": 128,
    },
    "axk2": {
        "default_theta": 10000.0,
        "hidden_size": 2048,
        "index_head_dim": 128,
        "max_position_embeddings": 131072,
        "num_attention_heads": 32,
        "qk_nope_head_dim": 64,
        "qk_rope_head_dim": 32,
        "rope_parameters": {
            "rope_theta": 10000.0,
            "rope_type": "default",
        },
        "v_head_dim": 64,
    },
    "bailing_hybrid": {
        "default_theta": 10000.0,
        "hidden_size": 2560,
        "linear_head_dim": 128,
        "num_attention_heads": 32,
        "qk_nope_head_dim": 128,
        "qk_rope_head_dim": 64,
        "rope_parameters": {
            "rope_theta": 6000000.0,
            "rope_type": "default",
        },
        "rope_theta": 6000000.0,
        "v_head_dim": 128,
    },
    "bamba": {
        "default_theta": 10000.0,
        "hidden_size": 4096,
        "max_position_embeddings": 262144,
        "num_attention_heads": 32,
        "rope_parameters": {
            "partial_rotary_factor": 0.5,
            "rope_theta": 10000.0,
            "rope_type": "default",
        },
    },
    "beam": {
        "default_theta": 10000.0,
        "head_dim": 128,
        "hidden_size": 5120,
        "max_position_embeddings": 8192,
        "num_attention_heads": 48,
        "rope_parameters": {
            "sliding_attention": {
                "rope_theta": 10000.0,
                "rope_type": "default",
            },
        },
    },
    "bitnet": {
        "default_theta": 500000.0,
        "hidden_size": 2560,
        "max_position_embeddings": 2048,
        "num_attention_heads": 20,
        "rope_parameters": {
            "rope_theta": 500000.0,
            "rope_type": "default",
        },
    },
    "blt": {
        "default_theta": 500000.0,
        "max_position_embeddings": 4096,
        "rope_parameters": {
            "rope_theta": 500000.0,
            "rope_type": "default",
        },
    },
    "blt_global_transformer": {
        "default_theta": 500000.0,
        "hidden_size": 2048,
        "max_position_embeddings": 4096,
        "num_attention_heads": 16,
        "rope_parameters": {
            "rope_theta": 500000.0,
            "rope_type": "default",
        },
    },
    "blt_local_decoder": {
        "default_theta": 500000.0,
        "hidden_size": 1024,
        "max_position_embeddings": 24576,
        "num_attention_heads": 16,
        "rope_parameters": {
            "rope_theta": 500000.0,
            "rope_type": "default",
        },
    },
    "blt_local_encoder": {
        "default_theta": 500000.0,
        "hidden_size": 1024,
        "max_position_embeddings": 24576,
        "num_attention_heads": 16,
        "rope_parameters": {
            "rope_theta": 500000.0,
            "rope_type": "default",
        },
    },
    "blt_patcher": {
        "default_theta": 10000.0,
        "hidden_size": 768,
        "max_position_embeddings": 8192,
        "num_attention_heads": 12,
        "rope_parameters": {
            "rope_theta": 10000.0,
            "rope_type": "default",
        },
    },
    "chameleon": {
        "default_theta": 10000.0,
        "hidden_size": 4096,
        "max_position_embeddings": 4096,
        "num_attention_heads": 32,
        "rope_parameters": {
            "rope_theta": 10000.0,
            "rope_type": "default",
        },
    },
    "chameleon_vqgan": {
        "default_theta": 10000.0,
    },
    "codegen": {
        "default_theta": 10000.0,
        "n_embd": 4096,
        "n_head": 16,
        "n_positions": 2048,
        "rotary_dim": 64,
    },
    "cohere": {
        "default_theta": 500000.0,
        "hidden_size": 8192,
        "max_position_embeddings": 8192,
        "num_attention_heads": 64,
        "rope_parameters": {
            "rope_theta": 500000.0,
            "rope_type": "default",
        },
    },
    "cohere2": {
        "default_theta": 10000.0,
        "hidden_size": 8192,
        "max_position_embeddings": 8192,
        "num_attention_heads": 64,
        "rope_parameters": {
            "rope_theta": 10000.0,
            "rope_type": "default",
        },
    },
    "cohere2_moe": {
        "default_theta": 10000.0,
        "head_dim": 128,
        "hidden_size": 8192,
        "max_position_embeddings": 8192,
        "num_attention_heads": 64,
        "rope_parameters": {
            "rope_theta": 10000.0,
            "rope_type": "default",
        },
        "rope_theta": 10000.0,
    },
    "cohere_compass": {
        "default_theta": 10000.0,
    },
    "cohere_compass_text": {
        "default_theta": 10000.0,
        "hidden_size": 8192,
        "max_position_embeddings": 8192,
        "num_attention_heads": 64,
        "rope_parameters": {},
    },
    "cohere_compass_vision": {
        "default_rope_type": "axial",
        "default_theta": 10000.0,
        "hidden_size": 1152,
        "num_heads": 16,
        "rope_parameters": {
            "rope_theta": 10000.0,
            "rope_type": "axial",
        },
    },
    "cosmos3_edge": {
        "default_theta": 10000.0,
    },
    "cosmos3_edge_text": {
        "default_theta": 100000000.0,
        "head_dim": 128,
        "hidden_size": 2048,
        "max_position_embeddings": 131072,
        "num_attention_heads": 16,
        "rope_parameters": {
            "mrope_section": [24, 20, 20],
            "rope_theta": 100000000.0,
            "rope_type": "default",
        },
    },
    "cosmos3_edge_vision": {
        "default_theta": 10000.0,
        "hidden_size": 1152,
        "num_attention_heads": 16,
    },
    "csm": {
        "default_theta": 500000.0,
        "hidden_size": 2048,
        "max_position_embeddings": 2048,
        "num_attention_heads": 32,
        "rope_parameters": {
            "rope_theta": 500000.0,
            "rope_type": "default",
        },
    },
    "csm_depth_decoder_model": {
        "default_theta": 500000.0,
        "hidden_size": 1024,
        "max_position_embeddings": 33,
        "num_attention_heads": 8,
        "rope_parameters": {
            "rope_theta": 500000.0,
            "rope_type": "default",
        },
    },
    "cwm": {
        "default_theta": 1000000.0,
        "head_dim": 128,
        "hidden_size": 6144,
        "max_position_embeddings": 131072,
        "num_attention_heads": 48,
        "rope_parameters": {
            "factor": 16.0,
            "high_freq_factor": 4.0,
            "low_freq_factor": 1.0,
            "original_max_position_embeddings": 8192,
            "rope_theta": 1000000.0,
            "rope_type": "llama3",
        },
    },
    "dbrx": {
        "d_model": 2048,
        "default_theta": 10000.0,
        "n_heads": 16,
        "rope_parameters": {
            "rope_theta": 10000.0,
            "rope_type": "default",
        },
    },
    "deepseek_ocr2": {
        "default_theta": 10000.0,
    },
    "deepseek_ocr2_encoder": {
        "default_theta": 10000.0,
        "hidden_size": 4096,
        "max_position_embeddings": 32768,
        "num_attention_heads": 32,
        "rope_parameters": {
            "rope_theta": 10000.0,
            "rope_type": "default",
        },
    },
    "deepseek_ocr2_sam_vision_model": {
        "default_theta": 10000.0,
        "hidden_size": 768,
        "num_attention_heads": 12,
    },
    "deepseek_ocr2_text": {
        "default_theta": 10000.0,
        "hidden_size": 4096,
        "max_position_embeddings": 2048,
        "num_attention_heads": 32,
        "rope_parameters": {
            "rope_theta": 10000.0,
            "rope_type": "default",
        },
    },
    "deepseek_ocr2_vision": {
        "default_theta": 10000.0,
    },
    "deepseek_v2": {
        "default_theta": 10000.0,
        "hidden_size": 4096,
        "max_position_embeddings": 2048,
        "num_attention_heads": 32,
        "qk_nope_head_dim": 128,
        "qk_rope_head_dim": 64,
        "rope_parameters": {
            "rope_theta": 10000.0,
            "rope_type": "default",
        },
        "v_head_dim": 128,
    },
    "deepseek_v3": {
        "default_theta": 10000.0,
        "hidden_size": 7168,
        "max_position_embeddings": 4096,
        "num_attention_heads": 128,
        "qk_nope_head_dim": 128,
        "qk_rope_head_dim": 64,
        "rope_interleave": True,
        "rope_parameters": {
            "rope_theta": 10000.0,
            "rope_type": "default",
        },
        "v_head_dim": 128,
    },
    "deepseek_v32": {
        "default_theta": 10000.0,
        "hidden_size": 7168,
        "index_head_dim": 128,
        "max_position_embeddings": 163840,
        "num_attention_heads": 128,
        "qk_nope_head_dim": 128,
        "qk_rope_head_dim": 64,
        "rope_parameters": {
            "rope_theta": 10000.0,
            "rope_type": "default",
        },
        "v_head_dim": 128,
    },
    "deepseek_v4": {
        "compress_rope_theta": 160000.0,
        "default_theta": 10000.0,
        "head_dim": 512,
        "hidden_size": 4096,
        "index_head_dim": 128,
        "max_position_embeddings": 1048576,
        "num_attention_heads": 64,
        "qk_rope_head_dim": 64,
        "rope_parameters": {
            "compress": {
                "rope_theta": 160000.0,
                "rope_type": "default",
            },
            "main": {
                "rope_theta": 10000.0,
                "rope_type": "default",
            },
        },
        "rope_theta": 10000.0,
    },
    "dia": {
        "default_theta": 10000.0,
    },
    "dia_decoder": {
        "cross_head_dim": 128,
        "default_theta": 10000.0,
        "head_dim": 128,
        "hidden_size": 2048,
        "max_position_embeddings": 3072,
        "num_attention_heads": 16,
        "rope_parameters": {
            "rope_theta": 10000.0,
            "rope_type": "default",
        },
    },
    "dia_encoder": {
        "default_theta": 10000.0,
        "head_dim": 128,
        "hidden_size": 1024,
        "max_position_embeddings": 1024,
        "num_attention_heads": 16,
        "rope_parameters": {
            "rope_theta": 10000.0,
            "rope_type": "default",
        },
    },
    "diffllama": {
        "default_theta": 10000.0,
        "hidden_size": 2048,
        "max_position_embeddings": 2048,
        "num_attention_heads": 32,
        "rope_parameters": {
            "rope_theta": 10000.0,
            "rope_type": "default",
        },
    },
    "diffusion_gemma": {
        "default_theta": 10000.0,
    },
    "diffusion_gemma_text": {
        "default_theta": 10000.0,
        "head_dim": 256,
        "hidden_size": 2304,
        "max_position_embeddings": 131072,
        "num_attention_heads": 8,
        "rope_parameters": {
            "full_attention": {
                "partial_rotary_factor": 0.25,
                "rope_theta": 1000000.0,
                "rope_type": "proportional",
            },
            "sliding_attention": {
                "rope_theta": 10000.0,
                "rope_type": "default",
            },
        },
    },
    "doge": {
        "default_theta": 10000.0,
        "hidden_size": 1024,
        "max_position_embeddings": 2048,
        "num_attention_heads": 8,
        "rope_parameters": {
            "rope_theta": 10000.0,
            "rope_type": "default",
        },
    },
    "dory": {
        "default_theta": 10000.0,
        "head_dim": 256,
        "hidden_size": 2560,
        "max_position_embeddings": 8192,
        "num_attention_heads": 16,
        "rope_parameters": {
            "full_attention": {
                "rope_theta": 10000000.0,
                "rope_type": "default",
            },
            "sliding_attention": {
                "rope_theta": 10000.0,
                "rope_type": "default",
            },
        },
    },
    "dots1": {
        "default_theta": 10000.0,
        "hidden_size": 4608,
        "max_position_embeddings": 2048,
        "num_attention_heads": 32,
        "rope_parameters": {
            "rope_theta": 10000.0,
            "rope_type": "default",
        },
    },
    "dots3_note": {
        "default_theta": 10000.0,
    },
    "dots3_note_audio_encoder": {
        "default_theta": 10000.0,
        "hidden_size": 1280,
        "max_position_embeddings": 6000,
        "num_attention_heads": 20,
        "rope_parameters": {
            "partial_rotary_factor": 0.5,
            "rope_theta": 10000.0,
            "rope_type": "default",
        },
    },
    "dots3_note_text": {
        "default_theta": 80000000.0,
        "hidden_size": 5120,
        "max_position_embeddings": 524288,
        "num_attention_heads": 128,
        "rope_parameters": {
            "indexed_attention": {
                "rope_theta": 80000000.0,
                "rope_type": "default",
            },
            "sliding_attention": {
                "partial_rotary_factor": 0.25,
                "rope_theta": 50000.0,
                "rope_type": "default",
            },
        },
    },
    "dots3_note_vision_encoder": {
        "default_rope_type": "axial",
        "default_theta": 10000.0,
        "hidden_size": 1536,
        "num_attention_heads": 24,
        "rope_parameters": {
            "rope_theta": 10000.0,
            "rope_type": "axial",
        },
    },
    "edgetam_video": {
        "default_rope_type": "axial",
        "default_theta": 10000.0,
        "memory_attention_downsample_rate": 1,
        "memory_attention_hidden_size": 256,
        "memory_attention_num_attention_heads": 1,
        "memory_attention_rope_dropout": 0.1,
        "memory_attention_rope_feat_sizes": [64, 64],
        "memory_attention_rope_k_sizes": [16, 16],
        "perceiver_resampler_attention_head_dim": 64,
        "rope_parameters": {
            "rope_theta": 10000.0,
            "rope_type": "axial",
        },
    },
    "edgetam_video_mask_decoder": {
        "default_theta": 10000.0,
        "hidden_size": 256,
        "num_attention_heads": 8,
    },
    "edgetam_video_prompt_encoder": {
        "default_theta": 10000.0,
        "hidden_size": 256,
    },
    "efficientloftr": {
        "default_theta": 10000.0,
        "hidden_size": 256,
        "num_attention_heads": 8,
        "rope_parameters": {
            "partial_rotary_factor": 4.0,
            "rope_theta": 10000.0,
            "rope_type": "default",
        },
    },
    "embedding_gemma2": {
        "default_theta": 10000.0,
    },
    "embedding_gemma2_text": {
        "default_theta": 10000.0,
        "head_dim": 256,
        "hidden_size": 512,
        "max_position_embeddings": 262144,
        "num_attention_heads": 4,
        "rope_parameters": {
            "full_attention": {
                "rope_theta": 1000000.0,
                "rope_type": "default",
            },
            "sliding_attention": {
                "rope_theta": 10000.0,
                "rope_type": "default",
            },
        },
    },
    "emu3": {
        "default_theta": 10000.0,
    },
    "emu3_text_model": {
        "default_theta": 1000000.0,
        "hidden_size": 4096,
        "max_position_embeddings": 9216,
        "num_attention_heads": 32,
        "rope_parameters": {
            "rope_theta": 1000000.0,
            "rope_type": "default",
        },
    },
    "emu3_vqgan": {
        "default_theta": 10000.0,
        "hidden_size": 1024,
        "num_attention_heads": 1,
    },
    "eomt_dinov3": {
        "default_theta": 100.0,
        "hidden_size": 1024,
        "num_attention_heads": 16,
        "rope_parameters": {
            "rope_theta": 100.0,
            "rope_type": "default",
        },
    },
    "ergo": {
        "default_theta": 1000000.0,
        "hidden_size": 8192,
        "max_position_embeddings": 524288,
        "num_attention_heads": 64,
        "rope_parameters": {
            "sliding_attention": {
                "rope_theta": 1000000.0,
                "rope_type": "default",
            },
        },
    },
    "ernie4_5": {
        "default_theta": 500000.0,
        "head_dim": 128,
        "hidden_size": 1024,
        "max_position_embeddings": 131072,
        "num_attention_heads": 16,
        "rope_parameters": {
            "rope_theta": 500000.0,
            "rope_type": "default",
        },
    },
    "ernie4_5_moe": {
        "default_theta": 500000.0,
        "hidden_size": 2560,
        "max_position_embeddings": 131072,
        "num_attention_heads": 20,
        "rope_parameters": {
            "rope_theta": 500000.0,
            "rope_type": "default",
        },
    },
    "ernie4_5_vl_moe": {
        "default_theta": 10000.0,
    },
    "ernie4_5_vl_moe_text": {
        "default_theta": 500000.0,
        "hidden_size": 2560,
        "max_position_embeddings": 131072,
        "num_attention_heads": 20,
        "rope_parameters": {
            "rope_theta": 500000.0,
            "rope_type": "default",
        },
    },
    "ernie4_5_vl_moe_vision": {
        "default_rope_type": "axial",
        "default_theta": 10000.0,
        "hidden_size": 1280,
        "num_heads": 16,
        "rope_parameters": {
            "rope_theta": 10000.0,
            "rope_type": "axial",
        },
    },
    "esm": {
        "default_theta": 10000.0,
        "hidden_size": 768,
        "max_position_embeddings": 1026,
        "num_attention_heads": 12,
        "position_embedding_type": "absolute",
        "rope_theta": 10000.0,
    },
    "esmc": {
        "default_theta": 10000.0,
        "hidden_size": 2560,
        "max_position_embeddings": 2048,
        "num_attention_heads": 40,
        "rope_parameters": {
            "rope_theta": 10000.0,
            "rope_type": "default",
        },
    },
    "esmfold2": {
        "default_theta": 10000.0,
        "hidden_size": 384,
    },
    "eurobert": {
        "default_theta": 10000.0,
        "hidden_size": 768,
        "max_position_embeddings": 8192,
        "num_attention_heads": 12,
        "rope_parameters": {
            "rope_theta": 10000.0,
            "rope_type": "default",
        },
    },
    "evolla": {
        "default_theta": 500000.0,
        "hidden_size": 4096,
        "max_position_embeddings": 8192,
        "num_attention_heads": 32,
        "rope_parameters": {
            "rope_theta": 500000.0,
            "rope_type": "default",
        },
    },
    "exaone4": {
        "default_theta": 10000.0,
        "hidden_size": 4096,
        "max_position_embeddings": 2048,
        "num_attention_heads": 32,
        "rope_parameters": {
            "rope_theta": 10000.0,
            "rope_type": "default",
        },
    },
    "exaone4_5": {
        "default_theta": 10000.0,
    },
    "exaone4_5_vision": {
        "default_rope_type": "axial",
        "default_theta": 10000.0,
        "hidden_size": 3584,
        "num_heads": 16,
        "rope_parameters": {
            "rope_theta": 10000.0,
            "rope_type": "axial",
        },
    },
    "exaone_moe": {
        "default_theta": 10000.0,
        "hidden_size": 4096,
        "max_position_embeddings": 2048,
        "num_attention_heads": 32,
        "rope_parameters": {
            "rope_theta": 10000.0,
            "rope_type": "default",
        },
    },
    "falcon": {
        "default_theta": 10000.0,
        "hidden_size": 4544,
        "max_position_embeddings": 2048,
        "num_attention_heads": 71,
        "rope_parameters": {
            "rope_theta": 10000.0,
            "rope_type": "default",
        },
    },
    "falcon_h1": {
        "default_theta": 10000.0,
        "hidden_size": 4096,
        "max_position_embeddings": 8192,
        "num_attention_heads": 32,
        "rope_parameters": {
            "rope_theta": 10000.0,
            "rope_type": "default",
        },
    },
    "flex_olmo": {
        "default_theta": 500000.0,
        "hidden_size": 4096,
        "max_position_embeddings": 4096,
        "num_attention_heads": 32,
        "rope_parameters": {
            "rope_theta": 500000.0,
            "rope_type": "default",
        },
    },
    "flint": {
        "default_theta": 10000.0,
        "head_dim": 128,
        "hidden_size": 2048,
        "max_position_embeddings": 262144,
        "num_attention_heads": 32,
        "rope_parameters": {
            "rope_theta": 10000.0,
            "rope_type": "default",
        },
    },
    "gemma": {
        "default_theta": 10000.0,
        "head_dim": 256,
        "hidden_size": 3072,
        "max_position_embeddings": 8192,
        "num_attention_heads": 16,
        "rope_parameters": {
            "rope_theta": 10000.0,
            "rope_type": "default",
        },
    },
    "gemma2": {
        "default_theta": 10000.0,
        "head_dim": 256,
        "hidden_size": 2304,
        "max_position_embeddings": 8192,
        "num_attention_heads": 8,
        "rope_parameters": {
            "rope_theta": 10000.0,
            "rope_type": "default",
        },
    },
    "gemma3": {
        "default_theta": 10000.0,
    },
    "gemma3_text": {
        "default_theta": {
            "global": 1000000.0,
            "local": 10000.0,
        },
        "head_dim": 256,
        "hidden_size": 2304,
        "max_position_embeddings": 131072,
        "num_attention_heads": 8,
        "rope_parameters": {
            "full_attention": {
                "rope_theta": 1000000.0,
                "rope_type": "default",
            },
            "sliding_attention": {
                "rope_theta": 10000.0,
                "rope_type": "default",
            },
        },
    },
    "gemma3n": {
        "default_theta": 10000.0,
    },
    "gemma3n_audio": {
        "default_theta": 10000.0,
        "hidden_size": 1536,
    },
    "gemma3n_text": {
        "default_theta": {
            "global": 1000000.0,
            "local": 10000.0,
        },
        "head_dim": 256,
        "hidden_size": 2048,
        "max_position_embeddings": 32768,
        "num_attention_heads": 8,
        "rope_parameters": {
            "full_attention": {
                "rope_theta": 1000000.0,
                "rope_type": "default",
            },
            "sliding_attention": {
                "rope_theta": 10000.0,
                "rope_type": "default",
            },
        },
    },
    "gemma3n_vision": {
        "default_theta": 10000.0,
        "hidden_size": 2048,
    },
    "gemma4": {
        "default_theta": 10000.0,
    },
    "gemma4_audio": {
        "default_theta": 10000.0,
        "hidden_size": 1024,
        "num_attention_heads": 8,
    },
    "gemma4_text": {
        "default_theta": 10000.0,
        "head_dim": 256,
        "hidden_size": 2304,
        "max_position_embeddings": 131072,
        "num_attention_heads": 8,
        "rope_parameters": {
            "full_attention": {
                "partial_rotary_factor": 0.25,
                "rope_theta": 1000000.0,
                "rope_type": "proportional",
            },
            "sliding_attention": {
                "rope_theta": 10000.0,
                "rope_type": "default",
            },
        },
    },
    "gemma4_unified": {
        "default_theta": 10000.0,
    },
    "gemma4_unified_audio": {
        "default_theta": 10000.0,
    },
    "gemma4_unified_text": {
        "default_theta": 10000.0,
        "head_dim": 256,
        "hidden_size": 2304,
        "max_position_embeddings": 262144,
        "num_attention_heads": 8,
        "rope_parameters": {
            "full_attention": {
                "partial_rotary_factor": 0.25,
                "rope_theta": 1000000.0,
                "rope_type": "proportional",
            },
            "sliding_attention": {
                "rope_theta": 10000.0,
                "rope_type": "default",
            },
        },
    },
    "gemma4_unified_vision": {
        "default_theta": 10000.0,
    },
    "gemma4_vision": {
        "default_rope_type": "axial",
        "default_theta": 100.0,
        "head_dim": 64,
        "hidden_size": 768,
        "max_position_embeddings": 131072,
        "num_attention_heads": 12,
        "rope_parameters": {
            "rope_theta": 100.0,
            "rope_type": "axial",
        },
    },
    "glm": {
        "default_theta": 10000.0,
        "head_dim": 128,
        "hidden_size": 4096,
        "max_position_embeddings": 131072,
        "num_attention_heads": 32,
        "rope_parameters": {
            "partial_rotary_factor": 0.5,
            "rope_theta": 10000.0,
            "rope_type": "default",
        },
    },
    "glm4": {
        "default_theta": 10000.0,
        "head_dim": 128,
        "hidden_size": 4096,
        "max_position_embeddings": 131072,
        "num_attention_heads": 32,
        "rope_parameters": {
            "partial_rotary_factor": 0.5,
            "rope_theta": 10000.0,
            "rope_type": "default",
        },
    },
    "glm4_moe": {
        "default_theta": 10000.0,
        "hidden_size": 4096,
        "max_position_embeddings": 131072,
        "num_attention_heads": 96,
        "rope_parameters": {
            "partial_rotary_factor": 0.5,
            "rope_theta": 10000.0,
            "rope_type": "default",
        },
    },
    "glm4_moe_lite": {
        "default_theta": 10000.0,
        "hidden_size": 2048,
        "max_position_embeddings": 202752,
        "num_attention_heads": 20,
        "qk_nope_head_dim": 192,
        "qk_rope_head_dim": 64,
        "rope_interleave": True,
        "rope_parameters": {
            "rope_theta": 10000.0,
            "rope_type": "default",
        },
        "v_head_dim": 256,
    },
    "glm4v": {
        "default_theta": 10000.0,
    },
    "glm4v_moe": {
        "default_theta": 10000.0,
    },
    "glm4v_moe_text": {
        "default_theta": 10000.0,
        "hidden_size": 4096,
        "max_position_embeddings": 65536,
        "num_attention_heads": 96,
        "rope_parameters": {
            "partial_rotary_factor": 0.5,
            "rope_theta": 10000.0,
            "rope_type": "default",
        },
    },
    "glm4v_moe_vision": {
        "default_rope_type": "axial",
        "default_theta": 10000.0,
        "hidden_size": 1536,
        "num_heads": 12,
        "rope_parameters": {
            "rope_theta": 10000.0,
            "rope_type": "axial",
        },
    },
    "glm4v_text": {
        "default_theta": 10000.0,
        "hidden_size": 4096,
        "max_position_embeddings": 32768,
        "num_attention_heads": 32,
        "rope_parameters": {
            "rope_theta": 10000.0,
            "rope_type": "default",
        },
    },
    "glm4v_vision": {
        "default_rope_type": "axial",
        "default_theta": 10000.0,
        "hidden_size": 1536,
        "num_heads": 12,
        "rope_parameters": {
            "rope_theta": 10000.0,
            "rope_type": "axial",
        },
    },
    "glm5_next": {
        "default_theta": 10000.0,
    },
    "glm5_next_text": {
        "default_theta": 10000.0,
        "hidden_size": 4096,
        "max_position_embeddings": 1048576,
        "num_attention_heads": 64,
    },
    "glm5_next_vision": {
        "default_rope_type": "axial",
        "default_theta": 10000.0,
        "hidden_size": 1024,
        "num_heads": 16,
        "rope_parameters": {
            "rope_theta": 10000.0,
            "rope_type": "axial",
        },
    },
    "glm_image": {
        "default_theta": 10000.0,
    },
    "glm_image_text": {
        "default_theta": 10000.0,
        "hidden_size": 4096,
        "max_position_embeddings": 131072,
        "num_attention_heads": 32,
        "rope_parameters": {
            "rope_theta": 10000.0,
            "rope_type": "default",
        },
    },
    "glm_image_vision": {
        "default_rope_type": "axial",
        "default_theta": 10000.0,
        "hidden_size": 1536,
        "num_heads": 16,
    },
    "glm_image_vqmodel": {
        "default_theta": 10000.0,
    },
    "glm_moe_dsa": {
        "default_theta": 10000.0,
        "hidden_size": 6144,
        "index_head_dim": 128,
        "max_position_embeddings": 202752,
        "num_attention_heads": 64,
        "qk_nope_head_dim": 192,
        "qk_rope_head_dim": 64,
        "rope_parameters": {
            "rope_theta": 10000.0,
            "rope_type": "default",
        },
        "v_head_dim": 256,
    },
    "glm_ocr": {
        "default_theta": 10000.0,
    },
    "glm_ocr_text": {
        "default_theta": 10000.0,
        "hidden_size": 1024,
        "max_position_embeddings": 131072,
        "num_attention_heads": 16,
        "rope_parameters": {
            "rope_theta": 10000.0,
            "rope_type": "default",
        },
    },
    "glm_ocr_vision": {
        "default_rope_type": "axial",
        "default_theta": 10000.0,
        "hidden_size": 1024,
        "num_heads": 16,
        "rope_parameters": {
            "rope_theta": 10000.0,
            "rope_type": "axial",
        },
    },
    "glmasr": {
        "default_theta": 10000.0,
    },
    "glmasr_encoder": {
        "default_theta": 10000.0,
        "hidden_size": 1280,
        "max_position_embeddings": 1500,
        "num_attention_heads": 20,
        "rope_parameters": {
            "partial_rotary_factor": 0.5,
            "rope_theta": 10000.0,
            "rope_type": "default",
        },
    },
    "gpt_neox": {
        "default_theta": 10000.0,
        "hidden_size": 6144,
        "max_position_embeddings": 2048,
        "num_attention_heads": 64,
        "rope_parameters": {
            "partial_rotary_factor": 0.25,
            "rope_theta": 10000.0,
            "rope_type": "default",
        },
    },
    "gpt_neox_japanese": {
        "default_theta": 10000.0,
        "hidden_size": 2560,
        "max_position_embeddings": 2048,
        "num_attention_heads": 32,
        "rope_parameters": {
            "partial_rotary_factor": 1.0,
            "rope_theta": 10000.0,
            "rope_type": "default",
        },
    },
    "gpt_oss": {
        "default_theta": 150000.0,
        "head_dim": 64,
        "hidden_size": 2880,
        "max_position_embeddings": 131072,
        "num_attention_heads": 64,
        "rope_parameters": {
            "beta_fast": 32.0,
            "beta_slow": 1.0,
            "factor": 32.0,
            "original_max_position_embeddings": 4096,
            "rope_theta": 150000.0,
            "rope_type": "yarn",
            "truncate": False,
        },
    },
    "gptj": {
        "default_theta": 10000.0,
        "n_embd": 4096,
        "n_head": 16,
        "n_positions": 2048,
        "rotary_dim": 64,
    },
    "gradium_phonon_tts": {
        "default_theta": 10000.0,
        "hidden_size": 768,
        "max_position_embeddings": 8192,
        "num_attention_heads": 12,
        "rope_parameters": {
            "rope_theta": 10000.0,
            "rope_type": "default",
        },
    },
    "granite": {
        "default_theta": 10000.0,
        "hidden_size": 4096,
        "max_position_embeddings": 2048,
        "num_attention_heads": 32,
        "rope_parameters": {
            "rope_theta": 10000.0,
            "rope_type": "default",
        },
    },
    "granite4_vision": {
        "default_theta": 10000.0,
    },
    "granite4_vision_text": {
        "default_theta": 10000.0,
        "hidden_size": 4096,
        "max_position_embeddings": 2048,
        "num_attention_heads": 32,
        "rope_parameters": {
            "rope_theta": 10000.0,
            "rope_type": "default",
        },
    },
    "granite_docling": {
        "default_theta": 10000.0,
    },
    "granite_docling_text": {
        "default_theta": 10000.0,
        "hidden_size": 1024,
        "max_position_embeddings": 32768,
        "num_attention_heads": 16,
        "rope_parameters": {
            "rope_theta": 10000.0,
            "rope_type": "default",
        },
    },
    "granite_docling_vision": {
        "default_theta": 10000.0,
        "hidden_size": 768,
        "num_attention_heads": 12,
    },
    "granite_swa": {
        "default_theta": 10000.0,
        "hidden_size": 2560,
        "max_position_embeddings": 8192,
        "num_attention_heads": 20,
        "rope_parameters": {
            "rope_theta": 10000.0,
            "rope_type": "default",
        },
    },
    "granitemoe": {
        "default_theta": 10000.0,
        "hidden_size": 4096,
        "max_position_embeddings": 2048,
        "num_attention_heads": 32,
        "rope_parameters": {
            "rope_theta": 10000.0,
            "rope_type": "default",
        },
    },
    "granitemoe_swa": {
        "default_theta": 10000.0,
        "hidden_size": 4096,
        "max_position_embeddings": 2048,
        "num_attention_heads": 32,
        "rope_parameters": {
            "rope_theta": 10000.0,
            "rope_type": "default",
        },
    },
    "granitemoehybrid": {
        "default_theta": 10000.0,
        "hidden_size": 4096,
        "max_position_embeddings": 2048,
        "num_attention_heads": 32,
        "rope_parameters": {
            "rope_theta": 10000.0,
            "rope_type": "default",
        },
    },
    "granitemoeshared": {
        "default_theta": 10000.0,
        "hidden_size": 4096,
        "max_position_embeddings": 2048,
        "num_attention_heads": 32,
        "rope_parameters": {
            "rope_theta": 10000.0,
            "rope_type": "default",
        },
    },
    "gte": {
        "default_theta": 160000.0,
        "hidden_size": 768,
        "max_position_embeddings": 8192,
        "num_attention_heads": 12,
        "rope_parameters": {
            "rope_theta": 160000.0,
            "rope_type": "default",
        },
    },
    "helium": {
        "default_theta": 100000.0,
        "head_dim": 128,
        "hidden_size": 2560,
        "max_position_embeddings": 4096,
        "num_attention_heads": 20,
        "rope_parameters": {
            "rope_theta": 100000.0,
            "rope_type": "default",
        },
    },
    "higgs_audio_v2": {
        "default_theta": 10000.0,
        "head_dim": 128,
        "hidden_size": 3072,
        "max_position_embeddings": 2048,
        "num_attention_heads": 24,
        "rope_parameters": {
            "factor": 32.0,
            "high_freq_factor": 0.5,
            "low_freq_factor": 0.125,
            "original_max_position_embeddings": 1024,
            "rope_theta": 500000.0,
            "rope_type": "llama3",
        },
    },
    "hrm_text": {
        "default_theta": 10000.0,
        "head_dim": 128,
        "hidden_size": 1536,
        "max_position_embeddings": 2048,
        "num_attention_heads": 12,
        "rope_parameters": {
            "rope_theta": 10000.0,
            "rope_type": "default",
        },
    },
    "hunyuan_v1_dense": {
        "default_theta": 10000.0,
        "hidden_size": 4096,
        "max_position_embeddings": 2048,
        "num_attention_heads": 32,
        "rope_parameters": {
            "rope_theta": 10000.0,
            "rope_type": "default",
        },
    },
    "hunyuan_v1_moe": {
        "default_theta": 10000.0,
        "hidden_size": 4096,
        "max_position_embeddings": 2048,
        "num_attention_heads": 32,
        "rope_parameters": {
            "rope_theta": 10000.0,
            "rope_type": "default",
        },
    },
    "hunyuan_vl": {
        "default_theta": 10000.0,
    },
    "hunyuan_vl_text": {
        "default_theta": 10000.0,
        "hidden_size": 4096,
        "max_position_embeddings": 2048,
        "num_attention_heads": 32,
        "rope_parameters": {
            "rope_theta": 10000.0,
            "rope_type": "default",
        },
    },
    "hunyuan_vl_vision": {
        "default_theta": 10000.0,
        "hidden_size": 1152,
        "num_attention_heads": 16,
    },
    "hy_v3": {
        "default_theta": 11158840.0,
        "head_dim": 128,
        "hidden_size": 4096,
        "max_position_embeddings": 131072,
        "num_attention_heads": 64,
        "rope_parameters": {
            "rope_theta": 11158840.0,
            "rope_type": "default",
        },
    },
    "hy_v4": {
        "default_theta": 10000.0,
        "hidden_size": 2816,
        "index_head_dim": 128,
        "max_position_embeddings": 262144,
        "num_attention_heads": 32,
        "qk_nope_head_dim": 192,
        "qk_rope_head_dim": 64,
        "rope_parameters": {
            "rope_theta": 10000.0,
            "rope_type": "default",
        },
        "v_head_dim": 256,
    },
    "hy_v4_vl": {
        "default_theta": 10000.0,
    },
    "hy_v4_vl_text": {
        "default_theta": 10000.0,
        "hidden_size": 6144,
        "max_position_embeddings": 262144,
        "num_attention_heads": 64,
        "qk_rope_head_dim": 64,
        "rope_parameters": {
            "mrope_section": [12, 10, 10],
            "rope_theta": 10000.0,
            "rope_type": "default",
        },
    },
    "hy_v4_vl_vision": {
        "default_theta": 10000.0,
        "hidden_size": 1536,
        "num_attention_heads": 16,
    },
    "hyperclovax": {
        "default_theta": 10000.0,
        "hidden_size": 4096,
        "max_position_embeddings": 2048,
        "num_attention_heads": 32,
        "rope_parameters": {
            "rope_theta": 10000.0,
            "rope_type": "default",
        },
    },
    "idefics": {
        "default_theta": 10000.0,
        "hidden_size": 4096,
        "max_position_embeddings": 2048,
        "num_attention_heads": 32,
        "rope_parameters": {
            "rope_theta": 10000.0,
            "rope_type": "default",
        },
    },
    "idefics_perciever": {
        "default_theta": 10000.0,
        "resampler_head_dim": 96,
    },
    "idefics_vision": {
        "default_theta": 10000.0,
        "num_attention_heads": 16,
    },
    "inkling2": {
        "default_theta": 10000.0,
    },
    "inkling2_text": {
        "default_theta": 10000.0,
        "head_dim": 128,
        "hidden_size": 4608,
        "max_position_embeddings": 1048576,
        "num_attention_heads": 48,
        "swa_head_dim": 128,
    },
    "inkling2_vision": {
        "default_rope_type": "axial",
        "default_theta": 10000.0,
        "hidden_size": 1024,
        "num_attention_heads": 16,
        "rope_parameters": {
            "rope_theta": 10000.0,
            "rope_type": "axial",
        },
    },
    "jais2": {
        "default_theta": 10000.0,
        "hidden_size": 3328,
        "max_position_embeddings": 8192,
        "num_attention_heads": 26,
        "rope_parameters": {
            "rope_theta": 10000.0,
            "rope_type": "default",
        },
    },
    "jetmoe": {
        "default_theta": 10000.0,
        "hidden_size": 2048,
        "kv_channels": 128,
        "max_position_embeddings": 4096,
        "num_attention_heads": 32,
        "rope_parameters": {
            "rope_theta": 10000.0,
            "rope_type": "default",
        },
    },
    "jina_embeddings_v3": {
        "default_theta": 20000.0,
        "hidden_size": 1024,
        "max_position_embeddings": 8194,
        "num_attention_heads": 16,
        "rope_parameters": {
            "rope_theta": 20000.0,
            "rope_type": "default",
        },
    },
    "kimi_k25": {
        "default_theta": 10000.0,
    },
    "kimi_k25_vision": {
        "default_rope_type": "axial",
        "default_theta": 10000.0,
        "hidden_size": 1152,
        "num_attention_heads": 16,
        "rope_parameters": {
            "rope_theta": 10000.0,
            "rope_type": "axial",
        },
    },
    "kolibri1": {
        "default_theta": 10000.0,
        "head_dim": 128,
        "hidden_size": 2560,
        "max_position_embeddings": 262144,
        "num_attention_heads": 48,
        "rope_parameters": {
            "rope_theta": 10000.0,
            "rope_type": "default",
        },
    },
    "kolibri1_1": {
        "default_theta": 10000.0,
        "head_dim": 128,
        "hidden_size": 2560,
        "max_position_embeddings": 262144,
        "num_attention_heads": 48,
        "rope_parameters": {
            "rope_theta": 10000.0,
            "rope_type": "default",
        },
    },
    "kyutai_speech_to_text": {
        "default_theta": 10000.0,
        "hidden_size": 2048,
        "max_position_embeddings": 750,
        "num_attention_heads": 32,
        "rope_parameters": {
            "rope_theta": 10000.0,
            "rope_type": "default",
        },
    },
    "laguna": {
        "default_theta": 10000.0,
        "head_dim": 128,
        "hidden_size": 2048,
        "max_position_embeddings": 131072,
        "num_attention_heads": 48,
        "rope_parameters": {
            "full_attention": {
                "partial_rotary_factor": 0.5,
                "rope_theta": 500000.0,
                "rope_type": "default",
            },
            "sliding_attention": {
                "partial_rotary_factor": 1.0,
                "rope_theta": 10000.0,
                "rope_type": "default",
            },
        },
    },
    "lara_mini": {
        "default_theta": 10000.0,
        "head_dim": 128,
        "hidden_size": 1024,
        "linear_key_head_dim": 128,
        "linear_value_head_dim": 128,
        "max_position_embeddings": 131072,
        "num_attention_heads": 16,
        "rope_parameters": {
            "rope_theta": 10000.0,
            "rope_type": "default",
        },
    },
    "lasr_ctc": {
        "default_theta": 10000.0,
    },
    "lasr_encoder": {
        "default_theta": 10000.0,
        "hidden_size": 512,
        "max_position_embeddings": 10000,
        "num_attention_heads": 8,
        "rope_parameters": {
            "rope_theta": 10000.0,
            "rope_type": "default",
        },
    },
    "lfm2": {
        "default_theta": 1000000.0,
        "hidden_size": 2560,
        "max_position_embeddings": 128000,
        "num_attention_heads": 32,
        "rope_parameters": {
            "rope_theta": 1000000.0,
            "rope_type": "default",
        },
    },
    "lfm2_moe": {
        "default_theta": 1000000.0,
        "hidden_size": 2048,
        "max_position_embeddings": 128000,
        "num_attention_heads": 32,
        "rope_parameters": {
            "rope_theta": 1000000.0,
            "rope_type": "default",
        },
    },
    "lfm3": {
        "default_theta": 1000000.0,
        "head_dim": 128,
        "hidden_size": 2048,
        "max_position_embeddings": 128000,
        "num_attention_heads": 16,
        "rope_parameters": {
            "full_attention": {
                "partial_rotary_factor": 0.5,
                "rope_theta": 1000000.0,
                "rope_type": "proportional",
            },
            "sliding_attention": {
                "rope_theta": 10000.0,
                "rope_type": "default",
            },
        },
    },
    "lfm3_vl": {
        "default_theta": 10000.0,
    },
    "lfm3_vl_vision": {
        "default_rope_type": "axial",
        "default_theta": 1000000.0,
        "hidden_size": 1024,
        "num_attention_heads": 16,
        "rope_parameters": {
            "rope_theta": 1000000.0,
            "rope_type": "axial",
        },
    },
    "llama": {
        "default_theta": 10000.0,
        "hidden_size": 4096,
        "max_position_embeddings": 2048,
        "num_attention_heads": 32,
        "rope_parameters": {
            "rope_theta": 10000.0,
            "rope_type": "default",
        },
    },
    "llama4": {
        "default_theta": 10000.0,
    },
    "llama4_text": {
        "default_theta": 500000.0,
        "head_dim": 128,
        "hidden_size": 5120,
        "interleave_moe_layer_step": 1,
        "max_position_embeddings": 131072,
        "no_rope_layer_interval": 4,
        "num_attention_heads": 40,
        "rope_parameters": {
            "rope_theta": 500000.0,
            "rope_type": "default",
        },
    },
    "llama4_vision_model": {
        "default_theta": 10000.0,
        "hidden_size": 768,
        "num_attention_heads": 16,
        "rope_parameters": {
            "rope_theta": 10000.0,
            "rope_type": "default",
        },
    },
    "llava_onevision1_5": {
        "default_theta": 10000.0,
    },
    "llava_onevision1_5_vision": {
        "default_rope_type": "axial",
        "default_theta": 10000.0,
        "hidden_size": 1024,
        "num_heads": 16,
        "rope_parameters": {
            "rope_theta": 10000.0,
            "rope_type": "axial",
        },
    },
    "longcat_flash": {
        "default_theta": 10000000.0,
        "head_dim": 64,
        "hidden_size": 6144,
        "max_position_embeddings": 131072,
        "num_attention_heads": 64,
        "qk_nope_head_dim": 128,
        "qk_rope_head_dim": 64,
        "rope_parameters": {
            "rope_theta": 10000000.0,
            "rope_type": "default",
        },
        "v_head_dim": 128,
    },
    "mellum": {
        "default_theta": 10000.0,
        "head_dim": 128,
        "hidden_size": 2304,
        "max_position_embeddings": 131072,
        "num_attention_heads": 32,
        "rope_parameters": {
            "full_attention": {
                "rope_theta": 500000.0,
                "rope_type": "default",
            },
            "sliding_attention": {
                "rope_theta": 10000.0,
                "rope_type": "default",
            },
        },
    },
    "mimi": {
        "default_theta": 10000.0,
        "hidden_size": 512,
        "max_position_embeddings": 8000,
        "num_attention_heads": 8,
        "rope_parameters": {
            "rope_theta": 10000.0,
            "rope_type": "default",
        },
    },
    "mimi_decoder": {
        "default_theta": 10000.0,
        "hidden_size": 512,
        "max_position_embeddings": 8000,
        "num_attention_heads": 8,
        "rope_parameters": {
            "rope_theta": 10000.0,
            "rope_type": "default",
        },
    },
    "mimi_encoder": {
        "default_theta": 10000.0,
        "hidden_size": 512,
        "max_position_embeddings": 8000,
        "num_attention_heads": 8,
        "rope_parameters": {
            "rope_theta": 10000.0,
            "rope_type": "default",
        },
    },
    "mimo_v2_flash": {
        "default_theta": 10000.0,
        "head_dim": 192,
        "hidden_size": 4096,
        "max_position_embeddings": 131072,
        "num_attention_heads": 64,
        "rope_parameters": {
            "full_attention": {
                "partial_rotary_factor": 0.334,
                "rope_theta": 5000000.0,
                "rope_type": "default",
            },
            "sliding_attention": {
                "partial_rotary_factor": 0.334,
                "rope_theta": 10000.0,
                "rope_type": "default",
            },
        },
        "v_head_dim": 128,
    },
    "minicpm3": {
        "default_theta": 10000.0,
        "hidden_size": 2560,
        "max_position_embeddings": 32768,
        "num_attention_heads": 40,
        "qk_nope_head_dim": 64,
        "qk_rope_head_dim": 32,
        "rope_parameters": {
            "rope_theta": 10000.0,
            "rope_type": "default",
        },
    },
    "minicpm5_moe": {
        "default_theta": 5000000.0,
        "head_dim": 128,
        "hidden_size": 2048,
        "max_position_embeddings": 524288,
        "num_attention_heads": 32,
        "rope_parameters": {
            "rope_theta": 5000000.0,
            "rope_type": "default",
        },
    },
    "minimax": {
        "default_theta": 1000000.0,
        "hidden_size": 4096,
        "max_position_embeddings": 131072,
        "num_attention_heads": 32,
        "rope_parameters": {
            "rope_theta": 1000000.0,
            "rope_type": "default",
        },
    },
    "minimax_m2": {
        "default_theta": 5000000.0,
        "head_dim": 128,
        "hidden_size": 3072,
        "max_position_embeddings": 196608,
        "num_attention_heads": 48,
        "rope_parameters": {
            "rope_theta": 5000000.0,
            "rope_type": "default",
        },
    },
    "minimax_m3_vl": {
        "default_theta": 10000.0,
    },
    "minimax_m3_vl_text": {
        "default_theta": 5000000.0,
        "head_dim": 128,
        "hidden_size": 6144,
        "index_head_dim": 128,
        "max_position_embeddings": 524288,
        "num_attention_heads": 64,
        "rope_parameters": {
            "rope_theta": 5000000.0,
            "rope_type": "default",
        },
        "rotary_dim": 64,
    },
    "minimax_m3_vl_vision": {
        "default_rope_type": "axial",
        "default_theta": 10000.0,
        "hidden_size": 1280,
        "num_attention_heads": 16,
        "rope_parameters": {
            "rope_theta": 10000.0,
            "rope_type": "axial",
        },
    },
    "ministral": {
        "default_theta": 10000.0,
        "hidden_size": 4096,
        "max_position_embeddings": 131072,
        "num_attention_heads": 32,
        "rope_parameters": {
            "rope_theta": 10000.0,
            "rope_type": "default",
        },
    },
    "ministral3": {
        "default_theta": 10000.0,
        "head_dim": 128,
        "hidden_size": 4096,
        "max_position_embeddings": 262144,
        "num_attention_heads": 32,
        "rope_parameters": {
            "beta_fast": 32.0,
            "beta_slow": 1.0,
            "factor": 16.0,
            "llama_4_scaling_beta": 0.1,
            "mscale": 1.0,
            "mscale_all_dim": 1.0,
            "original_max_position_embeddings": 16384,
            "rope_theta": 1000000.0,
            "rope_type": "yarn",
            "type": "yarn",
        },
    },
    "mistral": {
        "default_theta": 10000.0,
        "hidden_size": 4096,
        "max_position_embeddings": 131072,
        "num_attention_heads": 32,
        "rope_parameters": {
            "rope_theta": 10000.0,
            "rope_type": "default",
        },
    },
    "mistral4": {
        "default_theta": 10000.0,
        "hidden_size": 4096,
        "max_position_embeddings": 1048576,
        "num_attention_heads": 32,
        "qk_nope_head_dim": 64,
        "qk_rope_head_dim": 64,
        "rope_interleave": True,
        "rope_parameters": {
            "beta_fast": 32.0,
            "beta_slow": 1.0,
            "factor": 128.0,
            "llama_4_scaling_beta": 0.1,
            "mscale": 1.0,
            "mscale_all_dim": 1.0,
            "original_max_position_embeddings": 8192,
            "rope_theta": 10000.0,
            "rope_type": "yarn",
            "type": "yarn",
        },
        "v_head_dim": 128,
    },
    "mistral_large4": {
        "default_theta": 10000.0,
    },
    "mistral_large4_text": {
        "default_theta": 10000.0,
        "hidden_size": 6144,
        "index_head_dim": 128,
        "max_position_embeddings": 1048576,
        "num_attention_heads": 64,
        "qk_nope_head_dim": 64,
        "qk_rope_head_dim": 64,
        "rope_parameters": {
            "attention_factor": 1.0,
            "beta_fast": 32.0,
            "beta_slow": 1.0,
            "factor": 2048.0,
            "original_max_position_embeddings": 512,
            "rope_theta": 10000.0,
            "rope_type": "yarn",
        },
        "v_head_dim": 128,
    },
    "mixtral": {
        "default_theta": 1000000.0,
        "hidden_size": 4096,
        "max_position_embeddings": 131072,
        "num_attention_heads": 32,
        "rope_parameters": {
            "rope_theta": 1000000.0,
            "rope_type": "default",
        },
    },
    "mlcd_vision_model": {
        "default_rope_type": "axial",
        "default_theta": 10000.0,
        "hidden_size": 1664,
        "num_attention_heads": 16,
        "rope_parameters": {
            "rope_theta": 10000.0,
            "rope_type": "axial",
        },
    },
    "mllama": {
        "default_theta": 10000.0,
    },
    "mllama_text_model": {
        "default_theta": 500000.0,
        "hidden_size": 4096,
        "max_position_embeddings": 131072,
        "num_attention_heads": 32,
        "rope_parameters": {
            "rope_theta": 500000.0,
            "rope_type": "default",
        },
    },
    "mllama_vision_model": {
        "default_theta": 10000.0,
        "hidden_size": 1280,
    },
    "modernbert": {
        "default_theta": {
            "global": 160000.0,
            "local": 10000.0,
        },
        "hidden_size": 768,
        "max_position_embeddings": 8192,
        "num_attention_heads": 12,
        "rope_parameters": {
            "full_attention": {
                "rope_theta": 160000.0,
                "rope_type": "default",
            },
            "sliding_attention": {
                "rope_theta": 10000.0,
                "rope_type": "default",
            },
        },
    },
    "modernbert-decoder": {
        "default_theta": {
            "global": 160000.0,
            "local": 10000.0,
        },
        "hidden_size": 768,
        "max_position_embeddings": 8192,
        "num_attention_heads": 12,
        "rope_parameters": {
            "full_attention": {
                "rope_theta": 160000.0,
                "rope_type": "default",
            },
            "sliding_attention": {
                "rope_theta": 10000.0,
                "rope_type": "default",
            },
        },
    },
    "molmo2": {
        "default_theta": 10000.0,
    },
    "molmo2_adapter": {
        "default_theta": 10000.0,
        "head_dim": 72,
        "hidden_size": 1152,
        "num_attention_heads": 16,
    },
    "molmo2_text": {
        "default_theta": 10000.0,
        "head_dim": 128,
        "hidden_size": 4096,
        "max_position_embeddings": 36864,
        "num_attention_heads": 32,
        "rope_parameters": {
            "rope_theta": 10000.0,
            "rope_type": "default",
        },
    },
    "molmo2_vision": {
        "default_theta": 10000.0,
        "head_dim": 72,
        "hidden_size": 1152,
        "num_attention_heads": 16,
    },
    "moonshine": {
        "decoder_num_attention_heads": 8,
        "default_theta": 10000.0,
        "hidden_size": 288,
        "max_position_embeddings": 512,
        "rope_parameters": {
            "partial_rotary_factor": 0.9,
            "rope_theta": 10000.0,
            "rope_type": "default",
        },
    },
    "moonshine_streaming": {
        "default_theta": 10000.0,
        "hidden_size": 320,
        "max_position_embeddings": 4096,
        "num_attention_heads": 8,
        "rope_parameters": {
            "partial_rotary_factor": 0.8,
            "rope_theta": 10000.0,
            "rope_type": "default",
        },
    },
    "moonshine_streaming_encoder": {
        "default_theta": 10000.0,
        "hidden_size": 320,
        "max_position_embeddings": 4096,
        "num_attention_heads": 8,
    },
    "moshi": {
        "default_theta": 10000.0,
        "hidden_size": 4096,
        "max_position_embeddings": 3000,
        "num_attention_heads": 32,
        "rope_parameters": {
            "rope_theta": 10000.0,
            "rope_type": "default",
        },
    },
    "moshi_depth": {
        "default_theta": 10000.0,
        "hidden_size": 1024,
        "max_position_embeddings": 9,
        "num_attention_heads": 16,
    },
    "muse_glimmer": {
        "default_theta": 10000.0,
    },
    "muse_glimmer_assistant": {
        "default_theta": 500000.0,
        "head_dim": 128,
        "hidden_size": 6656,
        "max_position_embeddings": 131072,
        "num_attention_heads": 32,
        "rope_parameters": {
            "rope_theta": 500000.0,
            "rope_type": "default",
        },
    },
    "muse_glimmer_text": {
        "default_theta": 10000.0,
        "head_dim": 128,
        "hidden_size": 6656,
        "max_position_embeddings": 131072,
        "num_attention_heads": 32,
        "rope_parameters": {
            "rope_theta": 10000.0,
            "rope_type": "default",
        },
    },
    "muse_glimmer_vision": {
        "default_rope_type": "axial",
        "default_theta": 10000.0,
        "hidden_size": 1536,
        "max_position_embeddings": 1024,
        "num_attention_heads": 16,
        "rope_parameters": {
            "rope_theta": 10000.0,
            "rope_type": "axial",
        },
    },
    "muse_spark": {
        "default_theta": 10000.0,
    },
    "muse_spark_audio": {
        "default_theta": 10000.0,
    },
    "muse_spark_text": {
        "default_theta": 10000.0,
        "head_dim": 64,
        "hidden_size": 8192,
        "max_position_embeddings": 1048576,
        "num_attention_heads": 128,
        "rope_parameters": {
            "rope_theta": 500000.0,
            "rope_type": "default",
        },
    },
    "muse_spark_vision": {
        "default_rope_type": "axial",
        "default_theta": 10000.0,
        "hidden_size": 1536,
        "max_position_embeddings": 1024,
        "num_attention_heads": 16,
        "rope_parameters": {
            "rope_theta": 10000.0,
            "rope_type": "axial",
        },
    },
    "musicflamingo": {
        "default_theta": 1200.0,
        "head_dim": 1280,
        "max_position_embeddings": 1200.0,
        "rope_parameters": {
            "partial_rotary_factor": 0.2,
            "rope_theta": 1200.0,
            "rope_type": "default",
        },
    },
    "nanochat": {
        "default_theta": 10000.0,
        "hidden_size": 768,
        "max_position_embeddings": 2048,
        "num_attention_heads": 6,
        "rope_parameters": {
            "rope_theta": 10000.0,
            "rope_type": "default",
        },
    },
    "nemo_speechlm": {
        "default_theta": 10000.0,
    },
    "nemotron": {
        "default_theta": 10000.0,
        "hidden_size": 6144,
        "max_position_embeddings": 4096,
        "num_attention_heads": 48,
        "rope_parameters": {
            "partial_rotary_factor": 0.5,
            "rope_theta": 10000.0,
            "rope_type": "default",
        },
    },
    "nemotron3_5_transcribe_asr_audio": {
        "default_theta": 10000.0,
        "hidden_size": 1280,
        "max_position_embeddings": 5000,
        "num_attention_heads": 10,
        "rope_parameters": {
            "partial_rotary_factor": 0.5,
            "rope_theta": 10000.0,
            "rope_type": "default",
        },
    },
    "nemotron3_5_transcribe_audio": {
        "default_theta": 10000.0,
    },
    "nemotron3_5_transcribe_word_timestamp": {
        "default_theta": 10000.0,
        "hidden_size": 1280,
        "max_position_embeddings": 5000,
        "num_attention_heads": 16,
        "rope_parameters": {
            "partial_rotary_factor": 0.5,
            "rope_theta": 10000.0,
            "rope_type": "default",
        },
    },
    "nemotron3_diarization": {
        "default_theta": 10000.0,
    },
    "nemotron3_diarization_audio": {
        "default_theta": 10000.0,
        "hidden_size": 512,
        "max_position_embeddings": 5000,
        "num_attention_heads": 8,
        "rope_parameters": {
            "partial_rotary_factor": 1.0,
            "rope_theta": 10000.0,
            "rope_type": "default",
        },
    },
    "neomme": {
        "default_theta": {
            "full_attention": 1000000.0,
            "sliding_attention": 10000.0,
        },
        "head_dim": 64,
        "hidden_size": 1024,
        "max_position_embeddings": 16384,
        "num_attention_heads": 16,
        "rope_parameters": {
            "full_attention": {
                "partial_rotary_factor": 0.25,
                "rope_theta": 1000000.0,
                "rope_type": "default",
            },
            "sliding_attention": {
                "partial_rotary_factor": 1.0,
                "rope_theta": 10000.0,
                "rope_type": "default",
            },
        },
    },
    "neucodec": {
        "default_theta": 10000.0,
        "head_dim": 64,
        "hidden_size": 1024,
        "max_position_embeddings": 4096,
        "num_attention_heads": 16,
        "rope_parameters": {
            "rope_theta": 10000.0,
            "rope_type": "default",
        },
    },
    "nomic_bert": {
        "default_theta": 1000.0,
        "hidden_size": 768,
        "max_position_embeddings": 2048,
        "num_attention_heads": 12,
        "rope_parameters": {
            "rope_theta": 1000.0,
            "rope_type": "default",
        },
    },
    "olmo": {
        "default_theta": 10000.0,
        "hidden_size": 4096,
        "max_position_embeddings": 2048,
        "num_attention_heads": 32,
        "rope_parameters": {
            "rope_theta": 10000.0,
            "rope_type": "default",
        },
    },
    "olmo2": {
        "default_theta": 10000.0,
        "hidden_size": 4096,
        "max_position_embeddings": 2048,
        "num_attention_heads": 32,
        "rope_parameters": {
            "rope_theta": 10000.0,
            "rope_type": "default",
        },
    },
    "olmo3": {
        "default_theta": 500000.0,
        "hidden_size": 4096,
        "max_position_embeddings": 2048,
        "num_attention_heads": 32,
        "rope_parameters": {
            "full_attention": {
                "rope_theta": 500000.0,
                "rope_type": "default",
            },
            "sliding_attention": {
                "rope_theta": 500000.0,
                "rope_type": "default",
            },
        },
    },
    "olmo_hybrid": {
        "default_theta": 10000.0,
        "hidden_size": 3840,
        "max_position_embeddings": 65536,
        "num_attention_heads": 30,
        "rope_parameters": {
            "rope_theta": 10000.0,
            "rope_type": "default",
        },
    },
    "olmoe": {
        "default_theta": 10000.0,
        "hidden_size": 2048,
        "max_position_embeddings": 4096,
        "num_attention_heads": 16,
        "rope_parameters": {
            "rope_theta": 10000.0,
            "rope_type": "default",
        },
    },
    "openai_privacy_filter": {
        "default_theta": 150000.0,
        "head_dim": 64,
        "hidden_size": 640,
        "max_position_embeddings": 131072,
        "num_attention_heads": 14,
        "rope_parameters": {
            "beta_fast": 32.0,
            "beta_slow": 1.0,
            "factor": 32.0,
            "original_max_position_embeddings": 4096,
            "rope_theta": 150000.0,
            "rope_type": "yarn",
            "truncate": False,
        },
    },
    "ovis2_5": {
        "default_theta": 10000.0,
    },
    "ovis2_5_vision": {
        "default_rope_type": "axial",
        "default_theta": 10000.0,
        "hidden_size": 1152,
        "max_position_embeddings": 1024,
        "num_attention_heads": 16,
        "rope_parameters": {
            "rope_theta": 10000.0,
            "rope_type": "axial",
        },
    },
    "paddleocr_vl": {
        "default_theta": 10000.0,
    },
    "paddleocr_vl_text": {
        "default_theta": 500000.0,
        "head_dim": 128,
        "hidden_size": 1024,
        "max_position_embeddings": 131072,
        "num_attention_heads": 16,
        "rope_parameters": {
            "rope_theta": 500000.0,
            "rope_type": "default",
        },
    },
    "paddleocr_vl_vision": {
        "default_rope_type": "axial",
        "default_theta": 10000.0,
        "hidden_size": 1152,
        "num_attention_heads": 16,
        "rope_parameters": {
            "rope_theta": 10000.0,
            "rope_type": "axial",
        },
    },
    "pe_audio": {
        "default_theta": 10000.0,
    },
    "pe_audio_encoder": {
        "default_theta": 20000,
        "head_dim": 128,
        "hidden_size": 1792,
        "max_position_embeddings": 10000,
        "num_attention_heads": 14,
        "rope_parameters": {
            "rope_theta": 20000,
            "rope_type": "default",
        },
    },
    "pe_audio_video": {
        "default_theta": 10000.0,
    },
    "pe_audio_video_encoder": {
        "default_theta": 20000,
        "head_dim": 128,
        "hidden_size": 1792,
        "max_position_embeddings": 10000,
        "num_attention_heads": 14,
        "rope_parameters": {
            "rope_theta": 20000,
            "rope_type": "default",
        },
    },
    "pe_video": {
        "default_theta": 10000.0,
    },
    "pe_video_encoder": {
        "default_theta": 20000,
        "head_dim": 128,
        "hidden_size": 1792,
        "max_position_embeddings": 10000,
        "num_attention_heads": 14,
        "rope_parameters": {
            "rope_theta": 20000,
            "rope_type": "default",
        },
    },
    "persimmon": {
        "default_theta": 10000.0,
        "hidden_size": 4096,
        "max_position_embeddings": 16384,
        "num_attention_heads": 64,
        "rope_parameters": {
            "partial_rotary_factor": 0.5,
            "rope_theta": 10000.0,
            "rope_type": "default",
        },
    },
    "phi": {
        "default_theta": 10000.0,
        "hidden_size": 2048,
        "max_position_embeddings": 2048,
        "num_attention_heads": 32,
        "rope_parameters": {
            "partial_rotary_factor": 0.5,
            "rope_theta": 10000.0,
            "rope_type": "default",
        },
    },
    "phi3": {
        "default_theta": 10000.0,
        "hidden_size": 3072,
        "max_position_embeddings": 4096,
        "num_attention_heads": 32,
        "original_max_position_embeddings": 4096,
        "rope_parameters": {
            "partial_rotary_factor": 1.0,
            "rope_theta": 10000.0,
            "rope_type": "default",
        },
    },
    "phi4_multimodal": {
        "default_theta": 10000.0,
        "hidden_size": 3072,
        "max_position_embeddings": 131072,
        "num_attention_heads": 32,
        "original_max_position_embeddings": 4096,
        "rope_parameters": {
            "partial_rotary_factor": 1.0,
            "rope_theta": 10000.0,
            "rope_type": "default",
        },
    },
    "phi4_multimodal_audio": {
        "default_theta": 10000.0,
        "hidden_size": 1024,
        "num_attention_heads": 16,
    },
    "phi4_multimodal_vision": {
        "default_theta": 10000.0,
        "hidden_size": 1152,
        "num_attention_heads": 16,
    },
    "phimoe": {
        "default_theta": 1000000.0,
        "hidden_size": 4096,
        "max_position_embeddings": 131072,
        "num_attention_heads": 32,
        "rope_parameters": {
            "rope_theta": 1000000.0,
            "rope_type": "default",
        },
    },
    "pi05": {
        "default_theta": 10000.0,
    },
    "pixtral": {
        "default_rope_type": "axial",
        "default_theta": 10000.0,
        "hidden_size": 1024,
        "num_attention_heads": 16,
        "rope_parameters": {
            "rope_theta": 10000.0,
            "rope_type": "axial",
        },
    },
    "pocket_tts": {
        "default_theta": 10000.0,
        "hidden_size": 1024,
        "max_position_embeddings": 8192,
        "num_attention_heads": 16,
        "rope_parameters": {
            "rope_theta": 10000.0,
            "rope_type": "default",
        },
    },
    "pocket_tts_audio_tokenizer": {
        "default_theta": 10000.0,
        "hidden_size": 512,
        "max_position_embeddings": 8000,
        "num_attention_heads": 8,
        "rope_parameters": {
            "rope_theta": 10000.0,
            "rope_type": "default",
        },
    },
    "pocket_tts_audio_tokenizer_decoder": {
        "default_theta": 10000.0,
        "hidden_size": 512,
        "max_position_embeddings": 8000,
        "num_attention_heads": 8,
        "rope_parameters": {
            "rope_theta": 10000.0,
            "rope_type": "default",
        },
    },
    "pocket_tts_audio_tokenizer_encoder": {
        "default_theta": 10000.0,
        "hidden_size": 512,
        "max_position_embeddings": 8000,
        "num_attention_heads": 8,
        "rope_parameters": {
            "rope_theta": 10000.0,
            "rope_type": "default",
        },
    },
    "qwen2": {
        "default_theta": 10000.0,
        "hidden_size": 4096,
        "max_position_embeddings": 32768,
        "num_attention_heads": 32,
        "rope_parameters": {
            "rope_theta": 10000.0,
            "rope_type": "default",
        },
    },
    "qwen2_5_omni": {
        "default_theta": 10000.0,
    },
    "qwen2_5_omni_audio_encoder": {
        "d_model": 1280,
        "default_theta": 10000.0,
    },
    "qwen2_5_omni_bigvgan": {
        "default_theta": 10000.0,
    },
    "qwen2_5_omni_dit": {
        "default_theta": 10000.0,
        "head_dim": 64,
        "hidden_size": 1024,
        "max_position_embeddings": 32768,
        "num_attention_heads": 16,
        "rope_parameters": {
            "rope_theta": 10000.0,
            "rope_type": "default",
        },
    },
    "qwen2_5_omni_talker": {
        "default_theta": 1000000.0,
        "head_dim": 128,
        "hidden_size": 3584,
        "max_position_embeddings": 32768,
        "num_attention_heads": 28,
        "rope_parameters": {
            "rope_theta": 1000000.0,
            "rope_type": "default",
        },
    },
    "qwen2_5_omni_text": {
        "default_theta": 1000000.0,
        "hidden_size": 3584,
        "max_position_embeddings": 32768,
        "num_attention_heads": 28,
        "rope_parameters": {
            "rope_theta": 1000000.0,
            "rope_type": "default",
        },
    },
    "qwen2_5_omni_thinker": {
        "default_theta": 10000.0,
    },
    "qwen2_5_omni_token2wav": {
        "default_theta": 10000.0,
    },
    "qwen2_5_omni_vision_encoder": {
        "default_rope_type": "axial",
        "default_theta": 10000.0,
        "hidden_size": 3584,
        "num_heads": 16,
        "rope_parameters": {
            "rope_theta": 10000.0,
            "rope_type": "axial",
        },
    },
    "qwen2_5_vl": {
        "default_theta": 10000.0,
    },
    "qwen2_5_vl_text": {
        "default_theta": 1000000.0,
        "hidden_size": 8192,
        "max_position_embeddings": 32768,
        "num_attention_heads": 64,
        "rope_parameters": {
            "rope_theta": 1000000.0,
            "rope_type": "default",
        },
    },
    "qwen2_5_vl_vision": {
        "default_rope_type": "axial",
        "default_theta": 10000.0,
        "hidden_size": 3584,
        "num_heads": 16,
        "rope_parameters": {
            "rope_theta": 10000.0,
            "rope_type": "axial",
        },
    },
    "qwen2_moe": {
        "default_theta": 10000.0,
        "hidden_size": 2048,
        "max_position_embeddings": 32768,
        "num_attention_heads": 16,
        "rope_parameters": {
            "rope_theta": 10000.0,
            "rope_type": "default",
        },
    },
    "qwen2_vl": {
        "default_theta": 10000.0,
    },
    "qwen2_vl_text": {
        "default_theta": 1000000.0,
        "hidden_size": 8192,
        "max_position_embeddings": 32768,
        "num_attention_heads": 64,
        "rope_parameters": {
            "rope_theta": 1000000.0,
            "rope_type": "default",
        },
    },
    "qwen2_vl_vision": {
        "default_rope_type": "axial",
        "default_theta": 10000.0,
        "hidden_size": 3584,
        "num_heads": 16,
        "rope_parameters": {
            "rope_theta": 10000.0,
            "rope_type": "axial",
        },
    },
    "qwen3": {
        "default_theta": 10000.0,
        "head_dim": 128,
        "hidden_size": 4096,
        "max_position_embeddings": 32768,
        "num_attention_heads": 32,
        "rope_parameters": {
            "rope_theta": 10000.0,
            "rope_type": "default",
        },
    },
    "qwen3_5": {
        "default_theta": 10000.0,
    },
    "qwen3_5_moe": {
        "default_theta": 10000.0,
    },
    "qwen3_5_moe_text": {
        "default_theta": 10000.0,
        "head_dim": 256,
        "hidden_size": 2048,
        "linear_key_head_dim": 128,
        "linear_value_head_dim": 128,
        "max_position_embeddings": 32768,
        "num_attention_heads": 16,
        "rope_parameters": {
            "partial_rotary_factor": 0.25,
            "rope_theta": 10000.0,
            "rope_type": "default",
        },
    },
    "qwen3_5_moe_vision": {
        "default_rope_type": "axial",
        "default_theta": 10000.0,
        "hidden_size": 1152,
        "num_heads": 16,
        "rope_parameters": {
            "rope_theta": 10000.0,
            "rope_type": "axial",
        },
    },
    "qwen3_5_text": {
        "default_theta": 10000.0,
        "head_dim": 256,
        "hidden_size": 4096,
        "linear_key_head_dim": 128,
        "linear_value_head_dim": 128,
        "max_position_embeddings": 32768,
        "num_attention_heads": 16,
        "rope_parameters": {
            "partial_rotary_factor": 0.25,
            "rope_theta": 10000.0,
            "rope_type": "default",
        },
    },
    "qwen3_5_vision": {
        "default_rope_type": "axial",
        "default_theta": 10000.0,
        "hidden_size": 1152,
        "num_heads": 16,
        "rope_parameters": {
            "rope_theta": 10000.0,
            "rope_type": "axial",
        },
    },
    "qwen3_moe": {
        "default_theta": 10000.0,
        "hidden_size": 2048,
        "max_position_embeddings": 32768,
        "num_attention_heads": 32,
        "rope_parameters": {
            "rope_theta": 10000.0,
            "rope_type": "default",
        },
    },
    "qwen3_next": {
        "default_theta": 10000.0,
        "head_dim": 256,
        "hidden_size": 2048,
        "linear_key_head_dim": 128,
        "linear_value_head_dim": 128,
        "max_position_embeddings": 32768,
        "num_attention_heads": 16,
        "rope_parameters": {
            "partial_rotary_factor": 0.25,
            "rope_theta": 10000.0,
            "rope_type": "default",
        },
    },
    "qwen3_omni_moe": {
        "default_theta": 10000.0,
    },
    "qwen3_omni_moe_audio_encoder": {
        "d_model": 1280,
        "default_theta": 10000.0,
    },
    "qwen3_omni_moe_talker_code_predictor": {
        "default_theta": 10000.0,
        "head_dim": 128,
        "hidden_size": 1024,
        "max_position_embeddings": 32768,
        "num_attention_heads": 16,
        "rope_parameters": {
            "rope_theta": 10000.0,
            "rope_type": "default",
        },
    },
    "qwen3_omni_moe_talker_text": {
        "default_theta": 10000.0,
        "hidden_size": 1024,
        "max_position_embeddings": 32768,
        "num_attention_heads": 16,
        "rope_parameters": {
            "rope_theta": 10000.0,
            "rope_type": "default",
        },
    },
    "qwen3_omni_moe_text": {
        "default_theta": 1000000.0,
        "hidden_size": 2048,
        "max_position_embeddings": 32768,
        "num_attention_heads": 28,
        "rope_parameters": {
            "rope_theta": 1000000.0,
            "rope_type": "default",
        },
    },
    "qwen3_omni_moe_thinker": {
        "default_theta": 10000.0,
    },
    "qwen3_omni_moe_vision_encoder": {
        "default_rope_type": "axial",
        "default_theta": 10000.0,
        "hidden_size": 1152,
        "num_heads": 16,
        "rope_parameters": {
            "rope_theta": 10000.0,
            "rope_type": "axial",
        },
    },
    "qwen3_vl": {
        "default_theta": 10000.0,
    },
    "qwen3_vl_moe": {
        "default_theta": 10000.0,
    },
    "qwen3_vl_moe_text": {
        "default_theta": 500000.0,
        "hidden_size": 2048,
        "max_position_embeddings": 128000,
        "num_attention_heads": 16,
        "rope_parameters": {
            "rope_theta": 500000.0,
            "rope_type": "default",
        },
    },
    "qwen3_vl_moe_vision": {
        "default_rope_type": "axial",
        "default_theta": 10000.0,
        "hidden_size": 1152,
        "num_heads": 16,
        "rope_parameters": {
            "rope_theta": 10000.0,
            "rope_type": "axial",
        },
    },
    "qwen3_vl_text": {
        "default_theta": 500000.0,
        "head_dim": 128,
        "hidden_size": 4096,
        "max_position_embeddings": 128000,
        "num_attention_heads": 32,
        "rope_parameters": {
            "rope_theta": 500000.0,
            "rope_type": "default",
        },
    },
    "qwen3_vl_vision": {
        "default_rope_type": "axial",
        "default_theta": 10000.0,
        "hidden_size": 1152,
        "num_heads": 16,
        "rope_parameters": {
            "rope_theta": 10000.0,
            "rope_type": "axial",
        },
    },
    "qwen4_exp": {
        "default_theta": 10000.0,
    },
    "qwen4_exp_text": {
        "default_theta": 10000.0,
        "head_dim": 256,
        "hidden_size": 2048,
        "linear_key_head_dim": 128,
        "linear_value_head_dim": 128,
        "max_position_embeddings": 32768,
        "num_attention_heads": 16,
        "rope_parameters": {
            "rope_theta": 10000.0,
            "rope_type": "default",
        },
    },
    "qwen4_exp_vision": {
        "default_rope_type": "axial",
        "default_theta": 10000.0,
        "hidden_size": 1152,
        "num_heads": 16,
        "rope_parameters": {
            "rope_theta": 10000.0,
            "rope_type": "axial",
        },
    },
    "recurrent_gemma": {
        "default_theta": 10000.0,
        "hidden_size": 2560,
        "num_attention_heads": 10,
        "rope_parameters": {
            "partial_rotary_factor": 0.5,
            "rope_theta": 10000.0,
            "rope_type": "default",
        },
    },
    "sam2_video": {
        "default_rope_type": "axial",
        "default_theta": 10000.0,
        "memory_attention_downsample_rate": 1,
        "memory_attention_hidden_size": 256,
        "memory_attention_num_attention_heads": 1,
        "memory_attention_rope_dropout": 0.1,
        "memory_attention_rope_feat_sizes": [64, 64],
        "rope_parameters": {
            "rope_theta": 10000.0,
            "rope_type": "axial",
        },
    },
    "sam2_video_mask_decoder": {
        "default_theta": 10000.0,
        "hidden_size": 256,
        "num_attention_heads": 8,
    },
    "sam2_video_prompt_encoder": {
        "default_theta": 10000.0,
        "hidden_size": 256,
    },
    "sam3": {
        "default_theta": 10000.0,
    },
    "sam3_detr_decoder": {
        "default_theta": 10000.0,
        "hidden_size": 256,
        "num_attention_heads": 8,
    },
    "sam3_detr_encoder": {
        "default_theta": 10000.0,
        "hidden_size": 256,
        "num_attention_heads": 8,
    },
    "sam3_geometry_encoder": {
        "default_theta": 10000.0,
        "hidden_size": 256,
        "num_attention_heads": 8,
    },
    "sam3_mask_decoder": {
        "default_theta": 10000.0,
        "hidden_size": 256,
        "num_attention_heads": 8,
    },
    "sam3_tracker_video": {
        "default_rope_type": "axial",
        "default_theta": 10000.0,
        "memory_attention_downsample_rate": 1,
        "memory_attention_hidden_size": 256,
        "memory_attention_num_attention_heads": 1,
        "memory_attention_rope_dropout": 0.1,
        "memory_attention_rope_feat_sizes": [72, 72],
        "rope_parameters": {
            "rope_theta": 10000.0,
            "rope_type": "axial",
        },
    },
    "sam3_tracker_video_mask_decoder": {
        "default_theta": 10000.0,
        "hidden_size": 256,
        "num_attention_heads": 8,
    },
    "sam3_tracker_video_prompt_encoder": {
        "default_theta": 10000.0,
        "hidden_size": 256,
    },
    "sam3_vision_model": {
        "default_theta": 10000.0,
    },
    "sam3_vit_model": {
        "default_rope_type": "axial",
        "default_theta": 10000.0,
        "hidden_size": 1024,
        "num_attention_heads": 16,
        "rope_parameters": {
            "rope_theta": 10000.0,
            "rope_type": "axial",
        },
    },
    "seed_oss": {
        "default_theta": 10000.0,
        "head_dim": 128,
        "hidden_size": 4096,
        "max_position_embeddings": 524288,
        "num_attention_heads": 80,
        "rope_parameters": {
            "rope_theta": 10000.0,
            "rope_type": "default",
        },
    },
    "smollm3": {
        "default_theta": 2000000.0,
        "hidden_size": 2048,
        "max_position_embeddings": 32768,
        "no_rope_layer_interval": 4,
        "num_attention_heads": 16,
        "rope_parameters": {
            "rope_theta": 2000000.0,
            "rope_type": "default",
        },
    },
    "solar_open": {
        "default_theta": 1000000.0,
        "head_dim": 128,
        "hidden_size": 4096,
        "max_position_embeddings": 131072,
        "num_attention_heads": 64,
        "rope_parameters": {
            "rope_theta": 1000000.0,
            "rope_type": "default",
        },
    },
    "stablelm": {
        "default_theta": 10000.0,
        "hidden_size": 2560,
        "max_position_embeddings": 4096,
        "num_attention_heads": 32,
        "rope_parameters": {
            "partial_rotary_factor": 0.25,
            "rope_theta": 10000.0,
            "rope_type": "default",
        },
    },
    "starcoder2": {
        "default_theta": 10000.0,
        "hidden_size": 3072,
        "max_position_embeddings": 4096,
        "num_attention_heads": 24,
        "rope_parameters": {
            "rope_theta": 10000.0,
            "rope_type": "default",
        },
    },
    "step3p5": {
        "default_theta": 10000.0,
        "head_dim": 128,
        "hidden_size": 4096,
        "max_position_embeddings": 128000,
        "num_attention_heads": 64,
        "rope_parameters": {
            "full_attention": {
                "rope_theta": 10000.0,
                "rope_type": "default",
            },
        },
    },
    "step3p5_vision": {
        "default_rope_type": "axial",
        "default_theta": 10000.0,
        "hidden_size": 1536,
        "max_position_embeddings": 2704,
        "num_attention_heads": 16,
        "rope_parameters": {
            "rope_theta": 10000.0,
            "rope_type": "axial",
        },
    },
    "step3p7": {
        "default_theta": 10000.0,
    },
    "t5_gemma_module": {
        "default_theta": 10000.0,
        "head_dim": 256,
        "hidden_size": 2304,
        "max_position_embeddings": 8192,
        "num_attention_heads": 8,
        "rope_parameters": {
            "rope_theta": 10000.0,
            "rope_type": "default",
        },
    },
    "t5gemma": {
        "default_theta": 10000.0,
    },
    "t5gemma2": {
        "default_theta": 10000.0,
    },
    "t5gemma2_decoder": {
        "default_theta": {
            "global": 1000000.0,
            "local": 10000.0,
        },
        "head_dim": 256,
        "hidden_size": 2304,
        "max_position_embeddings": 131072,
        "num_attention_heads": 8,
        "rope_parameters": {
            "full_attention": {
                "rope_theta": 1000000.0,
                "rope_type": "default",
            },
            "sliding_attention": {
                "rope_theta": 10000.0,
                "rope_type": "default",
            },
        },
    },
    "t5gemma2_encoder": {
        "default_theta": 10000.0,
    },
    "t5gemma2_text": {
        "default_theta": {
            "global": 1000000.0,
            "local": 10000.0,
        },
        "head_dim": 256,
        "hidden_size": 2304,
        "max_position_embeddings": 131072,
        "num_attention_heads": 8,
        "rope_parameters": {
            "full_attention": {
                "rope_theta": 1000000.0,
                "rope_type": "default",
            },
            "sliding_attention": {
                "rope_theta": 10000.0,
                "rope_type": "default",
            },
        },
    },
    "timesfm2_5": {
        "default_theta": 10000.0,
        "head_dim": 80,
        "hidden_size": 1280,
        "max_position_embeddings": 16384,
        "num_attention_heads": 16,
        "rope_parameters": {
            "rope_theta": 10000.0,
            "rope_type": "default",
        },
    },
    "ultrabert": {
        "default_theta": 10000.0,
        "hidden_size": 4096,
        "max_position_embeddings": 32768,
        "num_attention_heads": 32,
        "rope_parameters": {
            "full_attention": {
                "rope_theta": 2560000.0,
                "rope_type": "default",
            },
            "sliding_attention": {
                "rope_theta": 10000.0,
                "rope_type": "default",
            },
        },
    },
    "unlimited_ocr": {
        "default_theta": 10000.0,
    },
    "unlimited_ocr_sam_vision_model": {
        "default_theta": 10000.0,
        "hidden_size": 768,
        "num_attention_heads": 12,
    },
    "unlimited_ocr_text": {
        "default_theta": 10000.0,
        "hidden_size": 1280,
        "max_position_embeddings": 32768,
        "num_attention_heads": 10,
        "rope_parameters": {
            "rope_theta": 10000.0,
            "rope_type": "default",
        },
    },
    "unlimited_ocr_vision": {
        "default_theta": 10000.0,
    },
    "unlimited_ocr_vision_encoder": {
        "default_theta": 10000.0,
        "hidden_size": 1024,
        "num_attention_heads": 16,
    },
    "vaultgemma": {
        "default_theta": 10000.0,
        "head_dim": 256,
        "hidden_size": 2304,
        "max_position_embeddings": 8192,
        "num_attention_heads": 8,
        "rope_parameters": {
            "rope_theta": 10000.0,
            "rope_type": "default",
        },
    },
    "video_llama_3": {
        "default_theta": 10000.0,
    },
    "video_llama_3_vision": {
        "default_rope_type": "axial",
        "default_theta": 10000.0,
        "hidden_size": 768,
        "num_attention_heads": 12,
        "rope_parameters": {
            "rope_theta": 10000.0,
            "rope_type": "axial",
        },
    },
    "voxtral_realtime": {
        "default_theta": 10000.0,
        "hidden_size": 3072,
    },
    "voxtral_realtime_encoder": {
        "default_theta": 10000.0,
        "head_dim": 64,
        "hidden_size": 1280,
        "max_position_embeddings": 1500,
        "num_attention_heads": 32,
        "rope_parameters": {
            "rope_theta": 10000.0,
            "rope_type": "default",
        },
    },
    "voxtral_realtime_text": {
        "default_theta": 10000.0,
        "hidden_size": 4096,
        "max_position_embeddings": 131072,
        "num_attention_heads": 32,
        "rope_parameters": {
            "rope_theta": 10000.0,
            "rope_type": "default",
        },
    },
    "xcodec2": {
        "default_theta": 10000.0,
        "head_dim": 64,
        "hidden_size": 1024,
        "max_position_embeddings": 4096,
        "num_attention_heads": 16,
        "rope_parameters": {
            "rope_theta": 10000.0,
            "rope_type": "default",
        },
    },
    "youtu": {
        "default_theta": 10000.0,
        "hidden_size": 2048,
        "max_position_embeddings": 131072,
        "num_attention_heads": 16,
        "qk_nope_head_dim": 128,
        "qk_rope_head_dim": 64,
        "rope_interleave": True,
        "rope_parameters": {
            "rope_theta": 10000.0,
            "rope_type": "default",
        },
        "v_head_dim": 128,
    },
    "zamba2": {
        "default_theta": 10000.0,
        "hidden_size": 2560,
        "max_position_embeddings": 4096,
        "num_attention_heads": 32,
        "rope_parameters": {
            "rope_theta": 10000.0,
            "rope_type": "default",
        },
        "use_mem_rope": False,
    },
    "zaya": {
        "default_theta": 10000.0,
        "head_dim": 128,
        "hidden_size": 2048,
        "max_position_embeddings": 131072,
        "num_attention_heads": 8,
        "rope_parameters": {
            "hybrid": {
                "partial_rotary_factor": 0.5,
                "rope_theta": 5000000.0,
                "rope_type": "default",
            },
            "hybrid_sliding": {
                "partial_rotary_factor": 0.5,
                "rope_theta": 10000.0,
                "rope_type": "default",
            },
        },
    },
}

CONVERSION: dict[str, dict[str, object]] = {
    "afmoe": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "apertus": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {},
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 12000000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "apertus1p5_text": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {},
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 12000000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "arcee": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "aria_text": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "axk1": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "axk2": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "bailing_hybrid": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 6000000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "bamba": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "partial_rotary_factor": 0.5,
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {},
        "partial without a block": {},
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "beam": {
        "base": {},
        "base without a block": {},
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "sliding_attention": {},
        },
        "head_dim by layer type": {},
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["sliding_attention"],
        "nested both": {
            "sliding_attention": "rope_scaling",
        },
        "nested rope_parameters": ["sliding_attention"],
        "nested rope_scaling": ["sliding_attention"],
        "partial": {},
        "partial without a block": {},
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "bitnet": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 500000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "blt": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 500000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "blt_global_transformer": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 500000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "blt_local_decoder": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 500000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "blt_local_encoder": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 500000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "blt_patcher": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "chameleon": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "cohere": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 500000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "cohere2": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "cohere2_moe": {
        "base": {},
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_parameters",
        },
        "given block": {
            "*": {},
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {},
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": [],
    },
    "cohere_compass_text": {
        "base": {},
        "base without a block": {},
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": None,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {},
        "partial without a block": {},
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "cohere_compass_vision": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": ["yarn", "llama3"],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "cosmos3_edge_text": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {},
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 100000000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": ["linear", "dynamic", "yarn", "llama3"],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "csm": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 500000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "csm_depth_decoder_model": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 500000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "cwm": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {},
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 1000000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "dbrx": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "deepseek_ocr2_encoder": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "deepseek_ocr2_text": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "deepseek_v2": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "deepseek_v3": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "deepseek_v32": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "deepseek_v4": {
        "base": {
            "compress": ["rope_theta"],
            "main": ["rope_theta"],
        },
        "base without a block": {
            "main": ["rope_theta"],
        },
        "both": {
            "compress": None,
            "main": None,
        },
        "given block": {
            "compress": {
                "rope_theta": 10000.0,
            },
            "main": {
                "rope_theta": 10000.0,
            },
        },
        "head_dim by layer type": {},
        "head_dim_none": False,
        "l0": {
            "compress": "block",
            "main": "block",
        },
        "layers": ["compress", "main"],
        "nested both": {
            "compress": "rope_scaling",
            "main": "rope_scaling",
        },
        "nested rope_parameters": ["compress", "main"],
        "nested rope_scaling": ["compress", "main"],
        "partial": {
            "compress": ["partial_rotary_factor"],
            "main": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "compress": ["partial_rotary_factor"],
            "main": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": [],
        "rope_scaling": [],
    },
    "dia_decoder": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "dia_encoder": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "diffllama": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "diffusion_gemma_text": {
        "base": {},
        "base without a block": {},
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "full_attention": {},
            "sliding_attention": {},
        },
        "head_dim by layer type": {
            "full_attention": 512,
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["full_attention", "sliding_attention"],
        "nested both": {
            "full_attention": "rope_scaling",
            "sliding_attention": "rope_scaling",
        },
        "nested rope_parameters": ["full_attention", "sliding_attention"],
        "nested rope_scaling": ["full_attention", "sliding_attention"],
        "partial": {},
        "partial without a block": {},
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "doge": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "dory": {
        "base": {
            "full_attention": ["rope_theta"],
            "sliding_attention": ["rope_theta"],
        },
        "base without a block": {},
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "full_attention": {
                "rope_theta": 10000.0,
            },
            "sliding_attention": {
                "rope_theta": 10000.0,
            },
        },
        "head_dim by layer type": {},
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["full_attention", "sliding_attention"],
        "nested both": {
            "full_attention": "rope_scaling",
            "sliding_attention": "rope_scaling",
        },
        "nested rope_parameters": ["full_attention", "sliding_attention"],
        "nested rope_scaling": ["full_attention", "sliding_attention"],
        "partial": {
            "full_attention": ["partial_rotary_factor"],
            "sliding_attention": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "full_attention": ["partial_rotary_factor"],
            "sliding_attention": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "dots1": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "dots3_note_audio_encoder": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "partial_rotary_factor": 0.5,
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "dots3_note_text": {
        "base": {
            "indexed_attention": ["rope_theta"],
            "sliding_attention": ["rope_theta"],
        },
        "base without a block": {
            "indexed_attention": ["rope_theta"],
            "sliding_attention": ["swa_rope_theta"],
        },
        "both": {},
        "given block": {
            "indexed_attention": {
                "partial_rotary_factor": 0.25,
                "rope_theta": 80000000.0,
            },
            "sliding_attention": {
                "partial_rotary_factor": 0.25,
                "rope_theta": 80000000.0,
            },
        },
        "head_dim by layer type": {},
        "head_dim_none": False,
        "l0": {
            "indexed_attention": "block",
            "sliding_attention": "block",
        },
        "layers": ["indexed_attention", "sliding_attention"],
        "nested both": {
            "indexed_attention": "rope_scaling",
            "sliding_attention": "rope_scaling",
        },
        "nested rope_parameters": ["indexed_attention", "sliding_attention"],
        "nested rope_scaling": ["indexed_attention", "sliding_attention"],
        "partial": {},
        "partial without a block": {},
        "refused rules": [],
        "rope_parameters": ["indexed_attention", "sliding_attention"],
        "rope_scaling": ["indexed_attention", "sliding_attention"],
    },
    "dots3_note_vision_encoder": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": ["yarn", "llama3"],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "edgetam_video": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": ["yarn", "llama3"],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "efficientloftr": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "partial_rotary_factor": 4.0,
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": ["yarn", "llama3"],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "embedding_gemma2_text": {
        "base": {},
        "base without a block": {},
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "full_attention": {},
            "sliding_attention": {},
        },
        "head_dim by layer type": {
            "full_attention": 512,
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["full_attention", "sliding_attention"],
        "nested both": {
            "full_attention": "rope_scaling",
            "sliding_attention": "rope_scaling",
        },
        "nested rope_parameters": ["full_attention", "sliding_attention"],
        "nested rope_scaling": ["full_attention", "sliding_attention"],
        "partial": {},
        "partial without a block": {},
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "emu3_text_model": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 1000000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "eomt_dinov3": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 100.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": ["yarn", "llama3"],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "ergo": {
        "base": {
            "sliding_attention": ["rope_theta"],
        },
        "base without a block": {
            "sliding_attention": ["rope_theta"],
        },
        "both": {
            "sliding_attention": "rope_scaling",
        },
        "given block": {
            "sliding_attention": {
                "rope_theta": 1000000.0,
            },
        },
        "head_dim by layer type": {},
        "head_dim_none": False,
        "l0": {
            "sliding_attention": "block",
        },
        "layers": ["sliding_attention"],
        "nested both": {
            "sliding_attention": "rope_scaling",
        },
        "nested rope_parameters": ["sliding_attention"],
        "nested rope_scaling": ["sliding_attention"],
        "partial": {
            "sliding_attention": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "sliding_attention": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["sliding_attention"],
        "rope_scaling": ["sliding_attention"],
    },
    "ernie4_5": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 500000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "ernie4_5_moe": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 500000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "ernie4_5_vl_moe_text": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 500000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "ernie4_5_vl_moe_vision": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": ["yarn", "llama3"],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "esmc": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "eurobert": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "evolla": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 500000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "exaone4": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "exaone4_5_vision": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": ["yarn", "llama3"],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "exaone_moe": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "falcon": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "falcon_h1": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "flex_olmo": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 500000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "flint": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "gemma": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "gemma2": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "gemma3_text": {
        "base": {
            "full_attention": ["rope_theta"],
            "sliding_attention": ["rope_local_base_freq"],
        },
        "base without a block": {
            "full_attention": ["rope_theta"],
            "sliding_attention": ["rope_local_base_freq"],
        },
        "both": {},
        "given block": {
            "full_attention": {
                "rope_theta": 1000000.0,
            },
            "sliding_attention": {
                "rope_theta": 10000.0,
            },
        },
        "head_dim by layer type": {},
        "head_dim_none": False,
        "l0": {
            "full_attention": "block",
            "sliding_attention": "block",
        },
        "layers": ["full_attention", "sliding_attention"],
        "nested both": {
            "full_attention": "rope_parameters",
            "sliding_attention": "rope_parameters",
        },
        "nested rope_parameters": ["full_attention", "sliding_attention"],
        "nested rope_scaling": [],
        "partial": {},
        "partial without a block": {},
        "refused rules": [],
        "rope_parameters": [],
        "rope_scaling": ["full_attention"],
    },
    "gemma3n_text": {
        "base": {
            "full_attention": ["rope_theta"],
            "sliding_attention": ["rope_local_base_freq"],
        },
        "base without a block": {
            "full_attention": ["rope_theta"],
            "sliding_attention": ["rope_local_base_freq"],
        },
        "both": {},
        "given block": {
            "full_attention": {
                "rope_theta": 1000000.0,
            },
            "sliding_attention": {
                "rope_theta": 10000.0,
            },
        },
        "head_dim by layer type": {},
        "head_dim_none": False,
        "l0": {
            "full_attention": "block",
            "sliding_attention": "block",
        },
        "layers": ["full_attention", "sliding_attention"],
        "nested both": {
            "full_attention": "rope_parameters",
            "sliding_attention": "rope_parameters",
        },
        "nested rope_parameters": ["full_attention", "sliding_attention"],
        "nested rope_scaling": [],
        "partial": {},
        "partial without a block": {},
        "refused rules": [],
        "rope_parameters": [],
        "rope_scaling": ["full_attention"],
    },
    "gemma4_text": {
        "base": {},
        "base without a block": {},
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "full_attention": {},
            "sliding_attention": {},
        },
        "head_dim by layer type": {
            "full_attention": 512,
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["full_attention", "sliding_attention"],
        "nested both": {
            "full_attention": "rope_scaling",
            "sliding_attention": "rope_scaling",
        },
        "nested rope_parameters": ["full_attention", "sliding_attention"],
        "nested rope_scaling": ["full_attention", "sliding_attention"],
        "partial": {},
        "partial without a block": {},
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "gemma4_unified_text": {
        "base": {},
        "base without a block": {},
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "full_attention": {},
            "sliding_attention": {},
        },
        "head_dim by layer type": {
            "full_attention": 512,
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["full_attention", "sliding_attention"],
        "nested both": {
            "full_attention": "rope_scaling",
            "sliding_attention": "rope_scaling",
        },
        "nested rope_parameters": ["full_attention", "sliding_attention"],
        "nested rope_scaling": ["full_attention", "sliding_attention"],
        "partial": {},
        "partial without a block": {},
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "gemma4_vision": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 100.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "glm": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "partial_rotary_factor": 0.5,
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "glm4": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "partial_rotary_factor": 0.5,
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "glm4_moe": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "partial_rotary_factor": 0.5,
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "glm4_moe_lite": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "glm4v_moe_text": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "partial_rotary_factor": 0.5,
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "glm4v_moe_vision": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": ["yarn", "llama3"],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "glm4v_text": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "glm4v_vision": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": ["yarn", "llama3"],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "glm5_next_vision": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": ["yarn", "llama3"],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "glm_image_text": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "glm_moe_dsa": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "glm_ocr_text": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "glm_ocr_vision": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": ["yarn", "llama3"],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "glmasr_encoder": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "partial_rotary_factor": 0.5,
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "gpt_neox": {
        "base": {
            "*": ["rotary_emb_base"],
        },
        "base without a block": {
            "*": ["rotary_emb_base"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "partial_rotary_factor": 0.25,
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["rotary_pct"],
        },
        "partial without a block": {
            "*": ["rotary_pct"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "gpt_neox_japanese": {
        "base": {
            "*": ["rotary_emb_base"],
        },
        "base without a block": {
            "*": ["rotary_emb_base"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "partial_rotary_factor": 1.0,
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["rotary_pct"],
        },
        "partial without a block": {
            "*": ["rotary_pct"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "gpt_oss": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 150000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "gradium_phonon_tts": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "granite": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "granite4_vision_text": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "granite_docling_text": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "granite_swa": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "granitemoe": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "granitemoe_swa": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "granitemoehybrid": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "granitemoeshared": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "gte": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 160000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "helium": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 100000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "higgs_audio_v2": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {},
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "hrm_text": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "hunyuan_v1_dense": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": True,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "hunyuan_v1_moe": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": True,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "hunyuan_vl_text": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": True,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "hy_v3": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 11158840.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "hy_v4": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "hy_v4_vl_text": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "hyperclovax": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "idefics": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "inkling2_vision": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": ["yarn", "llama3"],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "jais2": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "jetmoe": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "jina_embeddings_v3": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 20000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "kimi_k25_vision": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": ["yarn", "llama3"],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "kolibri1": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "kolibri1_1": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "kyutai_speech_to_text": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "laguna": {
        "base": {},
        "base without a block": {},
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "full_attention": {},
        },
        "head_dim by layer type": {},
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["full_attention"],
        "nested both": {
            "full_attention": "rope_scaling",
        },
        "nested rope_parameters": ["full_attention"],
        "nested rope_scaling": ["full_attention"],
        "partial": {},
        "partial without a block": {},
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "lara_mini": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "lasr_encoder": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "lfm2": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 1000000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "lfm2_moe": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 1000000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "lfm3": {
        "base": {
            "full_attention": ["rope_theta"],
            "sliding_attention": ["rope_theta"],
        },
        "base without a block": {},
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "full_attention": {
                "rope_theta": 1000000.0,
            },
            "sliding_attention": {
                "rope_theta": 1000000.0,
            },
        },
        "head_dim by layer type": {},
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["full_attention", "sliding_attention"],
        "nested both": {
            "full_attention": "rope_scaling",
            "sliding_attention": "rope_scaling",
        },
        "nested rope_parameters": ["full_attention", "sliding_attention"],
        "nested rope_scaling": ["full_attention", "sliding_attention"],
        "partial": {
            "full_attention": ["partial_rotary_factor"],
            "sliding_attention": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "sliding_attention": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "lfm3_vl_vision": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 1000000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": ["yarn", "llama3"],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "llama": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "llama4_text": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 500000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "llama4_vision_model": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": ["yarn", "llama3"],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "llava_onevision1_5_vision": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": ["yarn", "llama3"],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "longcat_flash": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 10000000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "mellum": {
        "base": {},
        "base without a block": {},
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "full_attention": {},
        },
        "head_dim by layer type": {},
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["full_attention"],
        "nested both": {
            "full_attention": "rope_scaling",
        },
        "nested rope_parameters": ["full_attention"],
        "nested rope_scaling": ["full_attention"],
        "partial": {},
        "partial without a block": {},
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "mimi": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "mimi_decoder": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "mimi_encoder": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "mimo_v2_flash": {
        "base": {},
        "base without a block": {},
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "full_attention": {},
            "sliding_attention": {},
        },
        "head_dim by layer type": {},
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["full_attention", "sliding_attention"],
        "nested both": {
            "full_attention": "rope_scaling",
            "sliding_attention": "rope_scaling",
        },
        "nested rope_parameters": ["full_attention", "sliding_attention"],
        "nested rope_scaling": ["full_attention", "sliding_attention"],
        "partial": {},
        "partial without a block": {},
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "minicpm3": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "minicpm5_moe": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 5000000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "minimax": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 1000000.0,
            },
        },
        "head_dim_none": True,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "minimax_m2": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 5000000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "minimax_m3_vl_text": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 5000000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "minimax_m3_vl_vision": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": ["yarn", "llama3"],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "ministral": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": True,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "ministral3": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {},
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "mistral": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "mistral4": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {},
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "partial_rotary_factor": 0.5,
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {},
        "partial without a block": {},
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "mistral_large4_text": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {},
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "mixtral": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 1000000.0,
            },
        },
        "head_dim_none": True,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "mlcd_vision_model": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": ["yarn", "llama3"],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "mllama_text_model": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 500000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "modernbert": {
        "base": {
            "full_attention": ["global_rope_theta"],
            "sliding_attention": ["local_rope_theta"],
        },
        "base without a block": {
            "full_attention": ["global_rope_theta"],
            "sliding_attention": ["local_rope_theta"],
        },
        "both": {},
        "given block": {
            "full_attention": {
                "rope_theta": 160000.0,
            },
            "sliding_attention": {
                "rope_theta": 10000.0,
            },
        },
        "head_dim by layer type": {},
        "head_dim_none": False,
        "l0": {
            "full_attention": "block",
            "sliding_attention": "block",
        },
        "layers": ["full_attention", "sliding_attention"],
        "nested both": {
            "full_attention": "rope_parameters",
            "sliding_attention": "rope_parameters",
        },
        "nested rope_parameters": ["full_attention", "sliding_attention"],
        "nested rope_scaling": [],
        "partial": {},
        "partial without a block": {},
        "refused rules": [],
        "rope_parameters": [],
        "rope_scaling": ["full_attention", "sliding_attention"],
    },
    "modernbert-decoder": {
        "base": {
            "full_attention": ["global_rope_theta"],
            "sliding_attention": ["local_rope_theta"],
        },
        "base without a block": {
            "full_attention": ["global_rope_theta"],
            "sliding_attention": ["local_rope_theta"],
        },
        "both": {},
        "given block": {
            "full_attention": {
                "rope_theta": 160000.0,
            },
            "sliding_attention": {
                "rope_theta": 10000.0,
            },
        },
        "head_dim by layer type": {},
        "head_dim_none": False,
        "l0": {
            "full_attention": "block",
            "sliding_attention": "block",
        },
        "layers": ["full_attention", "sliding_attention"],
        "nested both": {
            "full_attention": "rope_parameters",
            "sliding_attention": "rope_parameters",
        },
        "nested rope_parameters": ["full_attention", "sliding_attention"],
        "nested rope_scaling": [],
        "partial": {},
        "partial without a block": {},
        "refused rules": [],
        "rope_parameters": [],
        "rope_scaling": ["full_attention", "sliding_attention"],
    },
    "molmo2_text": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "moonshine": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "partial_rotary_factor": 0.9,
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "moonshine_streaming": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {},
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {},
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "moshi": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "muse_glimmer_assistant": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 500000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "muse_glimmer_text": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "muse_glimmer_vision": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "muse_spark_text": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {},
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "muse_spark_vision": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "musicflamingo": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "partial_rotary_factor": 0.2,
                "rope_theta": 1200.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": ["yarn", "llama3"],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "nanochat": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "nemotron": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "partial_rotary_factor": 0.5,
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "nemotron3_5_transcribe_asr_audio": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {},
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "partial_rotary_factor": 1.0,
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {},
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "nemotron3_5_transcribe_word_timestamp": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {},
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {},
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "nemotron3_diarization_audio": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "partial_rotary_factor": 1.0,
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "neomme": {
        "base": {
            "full_attention": ["rope_theta"],
            "sliding_attention": ["rope_theta"],
        },
        "base without a block": {
            "full_attention": ["rope_theta"],
            "sliding_attention": ["rope_theta"],
        },
        "both": {},
        "given block": {
            "full_attention": {
                "partial_rotary_factor": 0.25,
                "rope_theta": 1000000.0,
            },
            "sliding_attention": {
                "partial_rotary_factor": 1.0,
                "rope_theta": 10000.0,
            },
        },
        "head_dim by layer type": {},
        "head_dim_none": False,
        "l0": {
            "full_attention": "block",
            "sliding_attention": "block",
        },
        "layers": ["full_attention", "sliding_attention"],
        "nested both": {
            "full_attention": "rope_scaling",
            "sliding_attention": "rope_scaling",
        },
        "nested rope_parameters": ["full_attention", "sliding_attention"],
        "nested rope_scaling": ["full_attention", "sliding_attention"],
        "partial": {},
        "partial without a block": {},
        "refused rules": [],
        "rope_parameters": [],
        "rope_scaling": [],
    },
    "neucodec": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "nomic_bert": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 1000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "olmo": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "olmo2": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "olmo3": {
        "base": {
            "full_attention": ["rope_theta"],
        },
        "base without a block": {
            "full_attention": ["rope_theta"],
        },
        "both": {},
        "given block": {
            "full_attention": {
                "rope_theta": 500000.0,
            },
            "sliding_attention": {
                "rope_theta": 500000.0,
            },
        },
        "head_dim by layer type": {},
        "head_dim_none": False,
        "l0": {
            "full_attention": "block",
            "sliding_attention": "block",
        },
        "layers": ["full_attention", "sliding_attention"],
        "nested both": {
            "full_attention": "rope_parameters",
            "sliding_attention": "rope_parameters",
        },
        "nested rope_parameters": ["full_attention", "sliding_attention"],
        "nested rope_scaling": [],
        "partial": {},
        "partial without a block": {},
        "refused rules": [],
        "rope_parameters": [],
        "rope_scaling": ["full_attention"],
    },
    "olmo_hybrid": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "olmoe": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "openai_privacy_filter": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 150000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "ovis2_5_vision": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "paddleocr_vl_text": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 500000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "paddleocr_vl_vision": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": ["yarn", "llama3"],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "pe_audio_encoder": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 20000,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "pe_audio_video_encoder": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 20000,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "pe_video_encoder": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 20000,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "persimmon": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "partial_rotary_factor": 0.5,
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "phi": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "partial_rotary_factor": 0.5,
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "phi3": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "partial_rotary_factor": 1.0,
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "top",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": ["linear", "dynamic", "yarn", "llama3"],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "phi4_multimodal": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "partial_rotary_factor": 1.0,
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "top",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": ["linear", "dynamic", "yarn", "llama3"],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "phimoe": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 1000000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": ["linear", "dynamic", "yarn", "llama3"],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "pixtral": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": ["yarn", "llama3"],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "pocket_tts": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "pocket_tts_audio_tokenizer": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "pocket_tts_audio_tokenizer_decoder": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "pocket_tts_audio_tokenizer_encoder": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "qwen2": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "qwen2_5_omni_dit": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "qwen2_5_omni_talker": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 1000000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "qwen2_5_omni_text": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 1000000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "qwen2_5_omni_vision_encoder": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": ["yarn", "llama3"],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "qwen2_5_vl_text": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 1000000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {},
        "partial without a block": {},
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "qwen2_5_vl_vision": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": ["yarn", "llama3"],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "qwen2_moe": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "qwen2_vl_text": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 1000000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {},
        "partial without a block": {},
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "qwen2_vl_vision": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": ["yarn", "llama3"],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "qwen3": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "qwen3_5_moe_text": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "partial_rotary_factor": 0.25,
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "qwen3_5_moe_vision": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": ["yarn", "llama3"],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "qwen3_5_text": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "partial_rotary_factor": 0.25,
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "qwen3_5_vision": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": ["yarn", "llama3"],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "qwen3_moe": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "qwen3_next": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "partial_rotary_factor": 0.25,
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "qwen3_omni_moe_talker_code_predictor": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "qwen3_omni_moe_talker_text": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "qwen3_omni_moe_text": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 1000000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "qwen3_omni_moe_vision_encoder": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": ["yarn", "llama3"],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "qwen3_vl_moe_text": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 500000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "qwen3_vl_moe_vision": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": ["yarn", "llama3"],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "qwen3_vl_text": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 500000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "qwen3_vl_vision": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": ["yarn", "llama3"],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "qwen4_exp_text": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "qwen4_exp_vision": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": ["yarn", "llama3"],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "recurrent_gemma": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "partial_rotary_factor": 0.5,
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": ["yarn", "llama3"],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "sam2_video": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": ["yarn", "llama3"],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "sam3_tracker_video": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": ["yarn", "llama3"],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "sam3_vit_model": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": ["yarn", "llama3"],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "seed_oss": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "smollm3": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 2000000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "solar_open": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 1000000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "stablelm": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "partial_rotary_factor": 0.25,
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "starcoder2": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "step3p5": {
        "base": {},
        "base without a block": {
            "full_attention": ["rope_theta"],
        },
        "both": {
            "full_attention": "rope_scaling",
        },
        "given block": {
            "full_attention": {
                "rope_theta": 10000.0,
            },
        },
        "head_dim by layer type": {},
        "head_dim_none": False,
        "l0": {
            "full_attention": "block",
        },
        "layers": ["full_attention"],
        "nested both": {
            "full_attention": "rope_parameters",
        },
        "nested rope_parameters": ["full_attention"],
        "nested rope_scaling": [],
        "partial": {
            "full_attention": ["partial_rotary_factor"],
        },
        "partial without a block": {},
        "refused rules": [],
        "rope_parameters": [],
        "rope_scaling": ["full_attention"],
    },
    "step3p5_vision": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "t5_gemma_module": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "t5gemma2_decoder": {
        "base": {
            "full_attention": ["rope_theta"],
            "sliding_attention": ["rope_local_base_freq"],
        },
        "base without a block": {
            "full_attention": ["rope_theta"],
            "sliding_attention": ["rope_local_base_freq"],
        },
        "both": {},
        "given block": {
            "full_attention": {
                "rope_theta": 1000000.0,
            },
            "sliding_attention": {
                "rope_theta": 10000.0,
            },
        },
        "head_dim by layer type": {},
        "head_dim_none": False,
        "l0": {
            "full_attention": "block",
            "sliding_attention": "block",
        },
        "layers": ["full_attention", "sliding_attention"],
        "nested both": {
            "full_attention": "rope_parameters",
            "sliding_attention": "rope_parameters",
        },
        "nested rope_parameters": ["full_attention", "sliding_attention"],
        "nested rope_scaling": [],
        "partial": {},
        "partial without a block": {},
        "refused rules": [],
        "rope_parameters": [],
        "rope_scaling": ["full_attention"],
    },
    "t5gemma2_text": {
        "base": {
            "full_attention": ["rope_theta"],
            "sliding_attention": ["rope_local_base_freq"],
        },
        "base without a block": {
            "full_attention": ["rope_theta"],
            "sliding_attention": ["rope_local_base_freq"],
        },
        "both": {},
        "given block": {
            "full_attention": {
                "rope_theta": 1000000.0,
            },
            "sliding_attention": {
                "rope_theta": 10000.0,
            },
        },
        "head_dim by layer type": {},
        "head_dim_none": False,
        "l0": {
            "full_attention": "block",
            "sliding_attention": "block",
        },
        "layers": ["full_attention", "sliding_attention"],
        "nested both": {
            "full_attention": "rope_parameters",
            "sliding_attention": "rope_parameters",
        },
        "nested rope_parameters": ["full_attention", "sliding_attention"],
        "nested rope_scaling": [],
        "partial": {},
        "partial without a block": {},
        "refused rules": [],
        "rope_parameters": [],
        "rope_scaling": ["full_attention"],
    },
    "timesfm2_5": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "ultrabert": {
        "base": {},
        "base without a block": {},
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "full_attention": {
                "rope_theta": 10000.0,
            },
            "sliding_attention": {
                "rope_theta": 10000.0,
            },
        },
        "head_dim by layer type": {},
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["full_attention", "sliding_attention"],
        "nested both": {
            "full_attention": "rope_scaling",
            "sliding_attention": "rope_scaling",
        },
        "nested rope_parameters": ["full_attention", "sliding_attention"],
        "nested rope_scaling": ["full_attention", "sliding_attention"],
        "partial": {
            "full_attention": ["partial_rotary_factor"],
            "sliding_attention": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "full_attention": ["partial_rotary_factor"],
            "sliding_attention": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "unlimited_ocr_text": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "vaultgemma": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "video_llama_3_vision": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": ["yarn", "llama3"],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "voxtral_realtime_encoder": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "voxtral_realtime_text": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "xcodec2": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "youtu": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "zamba2": {
        "base": {
            "*": ["rope_theta"],
        },
        "base without a block": {
            "*": ["rope_theta"],
        },
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "*": {
                "rope_theta": 10000.0,
            },
        },
        "head_dim_none": False,
        "l0": {
            "*": "block",
        },
        "layers": ["*"],
        "partial": {
            "*": ["partial_rotary_factor"],
        },
        "partial without a block": {
            "*": ["partial_rotary_factor"],
        },
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
    "zaya": {
        "base": {},
        "base without a block": {},
        "both": {
            "*": "rope_scaling",
        },
        "given block": {
            "hybrid": {},
        },
        "head_dim by layer type": {},
        "head_dim_none": False,
        "l0": {
            "hybrid": "block",
        },
        "layers": ["hybrid"],
        "nested both": {
            "hybrid": "rope_scaling",
        },
        "nested rope_parameters": ["hybrid"],
        "nested rope_scaling": ["hybrid"],
        "partial": {},
        "partial without a block": {},
        "refused rules": [],
        "rope_parameters": ["*"],
        "rope_scaling": ["*"],
    },
}

MODULES: dict[str, dict[str, object]] = {
    "afmoe": {
        "base": "block",
        "l0": "top",
        "partial": "ignored",
        "scaling": "honoured",
        "width": "head_dim",
    },
    "apertus": {
        "base": "block",
        "l0": "top",
        "partial": "ignored",
        "scaling": "honoured",
        "width": "head_dim",
    },
    "apertus1p5": {
        "base": "block",
        "l0": "top",
        "partial": "ignored",
        "scaling": "honoured",
        "width": "head_dim",
    },
    "arcee": {
        "base": "block",
        "l0": "top",
        "partial": "ignored",
        "scaling": "honoured",
        "width": "head_dim",
    },
    "aria": {
        "base": "block",
        "l0": "top",
        "partial": "ignored",
        "scaling": "honoured",
        "width": "head_dim",
    },
    "axk1": {
        "base": "block",
        "l0": "top",
        "partial": "ignored",
        "scaling": "honoured",
        "width": "head_dim",
    },
    "axk2": {
        "base": "block",
        "l0": "top",
        "partial": "ignored",
        "scaling": "honoured",
        "width": "head_dim",
    },
    "bailing_hybrid": {
        "base": "block",
        "l0": "top",
        "partial": "ignored",
        "scaling": "honoured",
        "width": "head_dim",
    },
    "bamba": {
        "base": "block",
        "l0": "top",
        "partial": "honoured",
        "partial default": 0.5,
        "scaling": "honoured",
    },
    "beam": {
        "base": "block",
        "l0": "block",
        "partial": "ignored",
        "scaling": "honoured",
        "width": "head_dim",
    },
    "bitnet": {
        "base": "block",
        "l0": "top",
        "partial": "ignored",
        "scaling": "honoured",
        "width": "head_dim",
    },
    "blt": {
        "base": "block",
        "l0": "top",
        "partial": "ignored",
        "scaling": "honoured",
        "width": "head_dim",
    },
    "chameleon": {
        "base": "block",
        "l0": "top",
        "partial": "ignored",
        "scaling": "honoured",
        "width": "head_dim",
    },
    "codegen": {
        "base": 10000.0,
        "l0": "top",
        "partial": "ignored",
        "scaling": "ignored",
        "width": None,
    },
    "cohere": {
        "base": "block",
        "l0": "top",
        "partial": "ignored",
        "scaling": "honoured",
        "width": "head_dim",
    },
    "cohere2": {
        "base": "block",
        "l0": "top",
        "partial": "ignored",
        "scaling": "honoured",
        "width": "head_dim",
    },
    "cohere2_moe": {
        "base": "block",
        "l0": "top",
        "partial": "ignored",
        "scaling": "honoured",
        "width": "head_dim",
    },
    "cosmos3_edge": {
        "base": "block",
        "partial": "ignored",
        "width": "head_dim",
    },
    "csm": {
        "base": "block",
        "l0": "top",
        "partial": "ignored",
        "scaling": "honoured",
        "width": "head_dim",
    },
    "cwm": {
        "base": "block",
        "l0": "top",
        "partial": "ignored",
        "scaling": "honoured",
        "width": "head_dim",
    },
    "dbrx": {
        "base": "block",
        "l0": "top",
        "partial": "ignored",
        "scaling": "honoured",
        "width": "head_dim",
    },
    "deepseek_ocr2": {
        "base": "block",
        "l0": "top",
        "partial": "ignored",
        "scaling": "honoured",
        "width": "head_dim",
    },
    "deepseek_v2": {
        "base": "block",
        "l0": "top",
        "partial": "ignored",
        "scaling": "honoured",
        "width": "head_dim",
    },
    "deepseek_v3": {
        "base": "block",
        "l0": "top",
        "partial": "ignored",
        "scaling": "honoured",
        "width": "head_dim",
    },
    "deepseek_v32": {
        "base": "block",
        "l0": "top",
        "partial": "ignored",
        "scaling": "honoured",
        "width": "head_dim",
    },
    "deepseek_v4": {
        "base": "block",
        "l0": "block",
        "partial": "honoured",
        "partial default": {
            "compress": 0.125,
            "main": 0.125,
        },
        "scaling": "honoured",
    },
    "dia": {
        "base": "block",
        "l0": "top",
        "partial": "ignored",
        "scaling": "honoured",
        "width": "head_dim",
    },
    "diffllama": {
        "base": "block",
        "l0": "top",
        "partial": "ignored",
        "scaling": "honoured",
        "width": "head_dim",
    },
    "diffusion_gemma": {
        "base": "block",
        "l0": "block",
        "partial": "honoured",
        "scaling": "honoured",
    },
    "doge": {
        "base": "block",
        "l0": "top",
        "partial": "ignored",
        "scaling": "honoured",
        "width": "head_dim",
    },
    "dory": {
        "base": "block",
        "l0": "block",
        "partial": "ignored",
        "scaling": "honoured",
        "width": "head_dim",
    },
    "dots1": {
        "base": "block",
        "l0": "top",
        "partial": "ignored",
        "scaling": "honoured",
        "width": "head_dim",
    },
    "dots3_note": {
        "base": "block",
        "l0": "block",
        "partial": "ignored",
        "scaling": "honoured",
        "width": "qk_rope_head_dim",
    },
    "efficientloftr": {
        "base": "block",
        "partial": "honoured",
        "partial default": 4.0,
        "scaling": "honoured",
    },
    "embedding_gemma2": {
        "base": "block",
        "l0": "block",
        "partial": "ignored",
        "scaling": "honoured",
        "width": "head_dim",
    },
    "emu3": {
        "base": "block",
        "l0": "top",
        "partial": "ignored",
        "scaling": "honoured",
        "width": "head_dim",
    },
    "eomt_dinov3": {
        "base": "block",
        "partial": "ignored",
        "scaling": "refused",
        "width": None,
    },
    "ergo": {
        "base": "block",
        "l0": "block",
        "partial": "ignored",
        "scaling": "honoured",
        "width": "head_dim",
    },
    "ernie4_5": {
        "base": "block",
        "l0": "top",
        "partial": "ignored",
        "scaling": "honoured",
        "width": "head_dim",
    },
    "ernie4_5_moe": {
        "base": "block",
        "l0": "top",
        "partial": "ignored",
        "scaling": "honoured",
        "width": "head_dim",
    },
    "ernie4_5_vl_moe": {
        "base": "block",
        "partial": "ignored",
        "scaling": "refused",
        "width": "head_dim",
    },
    "esm": {
        "base": "rope_theta",
        "l0": "top",
        "partial": "ignored",
        "scaling": "ignored",
        "width": "head_dim",
    },
    "esmc": {
        "base": "block",
        "l0": "top",
        "partial": "ignored",
        "scaling": "honoured",
        "width": "head_dim",
    },
    "eurobert": {
        "base": "block",
        "l0": "top",
        "partial": "ignored",
        "scaling": "honoured",
        "width": "head_dim",
    },
    "evolla": {
        "base": "block",
        "l0": "top",
        "partial": "ignored",
        "scaling": "honoured",
        "width": "head_dim",
    },
    "exaone4": {
        "base": "block",
        "l0": "top",
        "partial": "ignored",
        "scaling": "honoured",
        "width": "head_dim",
    },
    "exaone_moe": {
        "base": "block",
        "l0": "top",
        "partial": "ignored",
        "scaling": "honoured",
        "width": "head_dim",
    },
    "falcon": {
        "base": "block",
        "l0": "top",
        "partial": "ignored",
        "scaling": "honoured",
        "width": "head_dim",
    },
    "falcon_h1": {
        "base": "block",
        "l0": "top",
        "partial": "ignored",
        "scaling": "honoured",
        "width": "head_dim",
    },
    "flex_olmo": {
        "base": "block",
        "l0": "top",
        "partial": "ignored",
        "scaling": "honoured",
        "width": "head_dim",
    },
    "flint": {
        "base": "block",
        "l0": "top",
        "partial": "ignored",
        "scaling": "honoured",
        "width": "head_dim",
    },
    "gemma": {
        "base": "block",
        "l0": "top",
        "partial": "ignored",
        "scaling": "honoured",
        "width": "head_dim",
    },
    "gemma2": {
        "base": "block",
        "l0": "top",
        "partial": "ignored",
        "scaling": "honoured",
        "width": "head_dim",
    },
    "gemma3": {
        "base": "block",
        "l0": "block",
        "partial": "ignored",
        "scaling": "honoured",
        "width": "head_dim",
    },
    "gemma3n": {
        "base": "block",
        "l0": "block",
        "partial": "ignored",
        "scaling": "honoured",
        "width": "head_dim",
    },
    "gemma4": {
        "base": "block",
        "l0": "block",
        "partial": "ignored",
        "scaling": "honoured",
        "width": "head_dim",
    },
    "gemma4_unified": {
        "base": "block",
        "l0": "block",
        "partial": "ignored",
        "scaling": "honoured",
        "width": "head_dim",
    },
    "glm": {
        "base": "block",
        "l0": "top",
        "partial": "honoured",
        "partial default": 0.5,
        "scaling": "honoured",
    },
    "glm4": {
        "base": "block",
        "l0": "top",
        "partial": "honoured",
        "partial default": 0.5,
        "scaling": "honoured",
    },
    "glm4_moe": {
        "base": "block",
        "partial": "honoured",
        "partial default": 0.5,
        "scaling": "honoured",
    },
    "glm4_moe_lite": {
        "base": "block",
        "l0": "top",
        "partial": "honoured",
        "scaling": "honoured",
    },
    "glm4v": {
        "base": "block",
        "l0": "top",
        "partial": "honoured",
        "scaling": "honoured",
    },
    "glm4v_moe": {
        "base": "block",
        "partial": "honoured",
        "partial default": 0.5,
        "scaling": "honoured",
    },
    "glm_image": {
        "base": "block",
        "l0": "top",
        "partial": "honoured",
        "scaling": "honoured",
    },
    "glm_moe_dsa": {
        "base": "block",
        "l0": "top",
        "partial": "ignored",
        "scaling": "honoured",
        "width": "head_dim",
    },
    "glm_ocr": {
        "base": "block",
        "l0": "top",
        "partial": "honoured",
        "scaling": "honoured",
    },
    "glmasr": {
        "base": "block",
        "l0": "top",
        "partial": "honoured",
        "scaling": "honoured",
    },
    "gpt_neox": {
        "base": "block",
        "l0": "top",
        "partial": "honoured",
        "partial default": 0.25,
        "scaling": "honoured",
    },
    "gpt_neox_japanese": {
        "base": "block",
        "l0": "top",
        "partial": "honoured",
        "scaling": "honoured",
    },
    "gpt_oss": {
        "base": "block",
        "l0": "top",
        "partial": "ignored",
        "scaling": "honoured",
        "width": "head_dim",
    },
    "gptj": {
        "base": 10000.0,
        "l0": "top",
        "partial": "ignored",
        "scaling": "ignored",
        "width": None,
    },
    "gradium_phonon_tts": {
        "base": "block",
        "l0": "top",
        "partial": "ignored",
        "scaling": "honoured",
        "width": "head_dim",
    },
    "granite": {
        "base": "block",
        "l0": "top",
        "partial": "ignored",
        "scaling": "honoured",
        "width": "head_dim",
    },
    "granite4_vision": {
        "base": "block",
        "l0": "top",
        "partial": "ignored",
        "scaling": "honoured",
        "width": "head_dim",
    },
    "granite_docling": {
        "base": "block",
        "l0": "top",
        "partial": "ignored",
        "scaling": "honoured",
        "width": "head_dim",
    },
    "granite_swa": {
        "base": "block",
        "l0": "top",
        "partial": "ignored",
        "scaling": "honoured",
        "width": "head_dim",
    },
    "granitemoe": {
        "base": "block",
        "l0": "top",
        "partial": "ignored",
        "scaling": "honoured",
        "width": "head_dim",
    },
    "granitemoe_swa": {
        "base": "block",
        "l0": "top",
        "partial": "ignored",
        "scaling": "honoured",
        "width": "head_dim",
    },
    "granitemoehybrid": {
        "base": "block",
        "l0": "top",
        "partial": "ignored",
        "scaling": "honoured",
        "width": "head_dim",
    },
    "granitemoeshared": {
        "base": "block",
        "l0": "top",
        "partial": "ignored",
        "scaling": "honoured",
        "width": "head_dim",
    },
    "gte": {
        "base": "block",
        "l0": "top",
        "partial": "ignored",
        "scaling": "honoured",
        "width": "head_dim",
    },
    "helium": {
        "base": "block",
        "l0": "top",
        "partial": "ignored",
        "scaling": "honoured",
        "width": "head_dim",
    },
    "higgs_audio_v2": {
        "base": "block",
        "l0": "top",
        "partial": "ignored",
        "scaling": "honoured",
        "width": "head_dim",
    },
    "hrm_text": {
        "base": "block",
        "l0": "top",
        "partial": "ignored",
        "scaling": "honoured",
        "width": "head_dim",
    },
    "hunyuan_v1_dense": {
        "base": "block",
        "partial": "ignored",
        "scaling": "honoured",
        "width": "head_dim",
    },
    "hunyuan_v1_moe": {
        "base": "block",
        "partial": "ignored",
        "scaling": "honoured",
        "width": "head_dim",
    },
    "hunyuan_vl": {
        "base": "block",
        "partial": "ignored",
        "scaling": "honoured",
        "width": "head_dim",
    },
    "hy_v3": {
        "base": "block",
        "l0": "top",
        "partial": "ignored",
        "scaling": "honoured",
        "width": "head_dim",
    },
    "hy_v4": {
        "base": "block",
        "l0": "top",
        "partial": "ignored",
        "scaling": "honoured",
        "width": "head_dim",
    },
    "hy_v4_vl": {
        "base": "block",
        "l0": "top",
        "partial": "ignored",
        "scaling": "honoured",
        "width": "head_dim",
    },
    "hyperclovax": {
        "base": "block",
        "l0": "top",
        "partial": "ignored",
        "scaling": "honoured",
        "width": "head_dim",
    },
    "idefics": {
        "base": "block",
        "l0": "top",
        "partial": "ignored",
        "scaling": "honoured",
        "width": "head_dim",
    },
    "jais2": {
        "base": "block",
        "l0": "top",
        "partial": "ignored",
        "scaling": "honoured",
        "width": "head_dim",
    },
    "jetmoe": {
        "base": "block",
        "l0": "top",
        "partial": "ignored",
        "scaling": "honoured",
        "width": "kv_channels",
    },
    "jina_embeddings_v3": {
        "base": "block",
        "l0": "top",
        "partial": "ignored",
        "scaling": "honoured",
        "width": "head_dim",
    },
    "kolibri1": {
        "base": "block",
        "l0": "top",
        "partial": "ignored",
        "scaling": "honoured",
        "width": "head_dim",
    },
    "kolibri1_1": {
        "base": "block",
        "l0": "top",
        "partial": "ignored",
        "scaling": "honoured",
        "width": "head_dim",
    },
    "kyutai_speech_to_text": {
        "base": "block",
        "l0": "top",
        "partial": "ignored",
        "scaling": "honoured",
        "width": "head_dim",
    },
    "laguna": {
        "base": "block",
        "l0": "block",
        "partial": "honoured",
        "scaling": "honoured",
    },
    "lara_mini": {
        "base": "block",
        "l0": "top",
        "partial": "ignored",
        "scaling": "honoured",
        "width": "head_dim",
    },
    "lasr_encoder": {
        "base": "block",
        "l0": "top",
        "partial": "ignored",
        "scaling": "honoured",
        "width": "head_dim",
    },
    "lfm2": {
        "base": "block",
        "l0": "top",
        "partial": "ignored",
        "scaling": "honoured",
        "width": "head_dim",
    },
    "lfm2_moe": {
        "base": "block",
        "l0": "top",
        "partial": "ignored",
        "scaling": "honoured",
        "width": "head_dim",
    },
    "lfm3": {
        "base": "block",
        "l0": "block",
        "partial": "ignored",
        "scaling": "honoured",
        "width": "head_dim",
    },
    "llama": {
        "base": "block",
        "l0": "top",
        "partial": "ignored",
        "scaling": "honoured",
        "width": "head_dim",
    },
    "llama4": {
        "base": "block",
        "l0": "top",
        "partial": "ignored",
        "scaling": "honoured",
        "width": "head_dim",
    },
    "longcat_flash": {
        "base": "block",
        "l0": "top",
        "partial": "ignored",
        "scaling": "honoured",
        "width": "head_dim",
    },
    "mellum": {
        "base": "block",
        "l0": "block",
        "partial": "honoured",
        "scaling": "honoured",
    },
    "mimi": {
        "base": "block",
        "l0": "top",
        "partial": "ignored",
        "scaling": "honoured",
        "width": "head_dim",
    },
    "mimo_v2_flash": {
        "base": "block",
        "l0": "block",
        "partial": "honoured",
        "partial default": {
            "full_attention": 0.334,
            "sliding_attention": 0.334,
        },
        "scaling": "honoured",
    },
    "minicpm3": {
        "base": "block",
        "l0": "top",
        "partial": "ignored",
        "scaling": "honoured",
        "width": "head_dim",
    },
    "minicpm5_moe": {
        "base": "block",
        "l0": "top",
        "partial": "ignored",
        "scaling": "honoured",
        "width": "head_dim",
    },
    "minimax": {
        "base": "block",
        "partial": "ignored",
        "scaling": "honoured",
        "width": "head_dim",
    },
    "minimax_m2": {
        "base": "block",
        "l0": "top",
        "partial": "honoured",
        "scaling": "honoured",
    },
    "minimax_m3_vl": {
        "base": "block",
        "l0": "top",
        "partial": "honoured",
        "scaling": "honoured",
    },
    "ministral": {
        "base": "block",
        "partial": "ignored",
        "scaling": "honoured",
        "width": "head_dim",
    },
    "ministral3": {
        "base": "block",
        "l0": "top",
        "partial": "ignored",
        "scaling": "honoured",
        "width": "head_dim",
    },
    "mistral": {
        "base": "block",
        "l0": "top",
        "partial": "ignored",
        "scaling": "honoured",
        "width": "head_dim",
    },
    "mistral4": {
        "base": "block",
        "l0": "top",
        "partial": "ignored",
        "scaling": "honoured",
        "width": "head_dim",
    },
    "mistral_large4": {
        "base": "block",
        "l0": "top",
        "partial": "ignored",
        "scaling": "honoured",
        "width": "head_dim",
    },
    "mixtral": {
        "base": "block",
        "partial": "ignored",
        "scaling": "honoured",
        "width": "head_dim",
    },
    "mllama": {
        "base": "block",
        "l0": "top",
        "partial": "ignored",
        "scaling": "honoured",
        "width": "head_dim",
    },
    "modernbert": {
        "base": "block",
        "l0": "block",
        "partial": "ignored",
        "scaling": "honoured",
        "width": "head_dim",
    },
    "modernbert-decoder": {
        "base": "block",
        "l0": "block",
        "partial": "ignored",
        "scaling": "honoured",
        "width": "head_dim",
    },
    "molmo2": {
        "base": "block",
        "l0": "top",
        "partial": "ignored",
        "scaling": "honoured",
        "width": "head_dim",
    },
    "moonshine": {
        "base": "block",
        "l0": "top",
        "partial": "honoured",
        "partial default": 0.9,
        "scaling": "honoured",
    },
    "moonshine_streaming": {
        "base": "block",
        "l0": "top",
        "partial": "honoured",
        "scaling": "honoured",
    },
    "moshi": {
        "base": "block",
        "l0": "top",
        "partial": "ignored",
        "scaling": "honoured",
        "width": "head_dim",
    },
    "muse_glimmer": {
        "base": "block",
        "l0": "top",
        "partial": "ignored",
        "scaling": "honoured",
        "width": "head_dim",
    },
    "muse_glimmer_assistant": {
        "base": "block",
        "l0": "top",
        "partial": "ignored",
        "scaling": "honoured",
        "width": "head_dim",
    },
    "muse_spark": {
        "base": "block",
        "l0": "top",
        "partial": "ignored",
        "scaling": "honoured",
        "width": "head_dim",
    },
    "musicflamingo": {
        "base": "block",
        "partial": "honoured",
        "scaling": "honoured",
    },
    "nanochat": {
        "base": "block",
        "l0": "top",
        "partial": "ignored",
        "scaling": "honoured",
        "width": "head_dim",
    },
    "nemotron": {
        "base": "block",
        "l0": "top",
        "partial": "honoured",
        "partial default": 0.5,
        "scaling": "honoured",
    },
    "nemotron3_5_transcribe_asr_audio": {
        "base": "block",
        "l0": "top",
        "partial": "honoured",
        "scaling": "honoured",
    },
    "nemotron3_diarization": {
        "base": "block",
        "l0": "top",
        "partial": "honoured",
        "scaling": "honoured",
    },
    "neomme": {
        "base": "block",
        "l0": "block",
        "partial": "honoured",
        "partial default": {
            "full_attention": 0.25,
        },
        "scaling": "honoured",
    },
    "neucodec": {
        "base": "block",
        "l0": "top",
        "partial": "ignored",
        "scaling": "honoured",
        "width": "head_dim",
    },
    "nomic_bert": {
        "base": "block",
        "l0": "top",
        "partial": "ignored",
        "scaling": "honoured",
        "width": "head_dim",
    },
    "olmo": {
        "base": "block",
        "l0": "top",
        "partial": "ignored",
        "scaling": "honoured",
        "width": "head_dim",
    },
    "olmo2": {
        "base": "block",
        "l0": "top",
        "partial": "ignored",
        "scaling": "honoured",
        "width": "head_dim",
    },
    "olmo3": {
        "base": "block",
        "l0": "block",
        "partial": "ignored",
        "scaling": "honoured",
        "width": "head_dim",
    },
    "olmo_hybrid": {
        "base": "block",
        "l0": "top",
        "partial": "ignored",
        "scaling": "honoured",
        "width": "head_dim",
    },
    "olmoe": {
        "base": "block",
        "l0": "top",
        "partial": "ignored",
        "scaling": "honoured",
        "width": "head_dim",
    },
    "openai_privacy_filter": {
        "base": "block",
        "l0": "top",
        "partial": "ignored",
        "scaling": "honoured",
        "width": "head_dim",
    },
    "paddleocr_vl": {
        "base": "block",
        "l0": "top",
        "partial": "ignored",
        "scaling": "honoured",
        "width": "head_dim",
    },
    "pe_audio": {
        "base": "block",
        "l0": "top",
        "partial": "ignored",
        "scaling": "honoured",
        "width": "head_dim",
    },
    "pe_audio_video": {
        "base": "block",
        "l0": "top",
        "partial": "ignored",
        "scaling": "honoured",
        "width": "head_dim",
    },
    "pe_video": {
        "base": "block",
        "l0": "top",
        "partial": "ignored",
        "scaling": "honoured",
        "width": "head_dim",
    },
    "persimmon": {
        "base": "block",
        "l0": "top",
        "partial": "honoured",
        "partial default": 0.5,
        "scaling": "honoured",
    },
    "phi": {
        "base": "block",
        "l0": "top",
        "partial": "honoured",
        "partial default": 0.5,
        "scaling": "honoured",
    },
    "phi3": {
        "base": "block",
        "partial": "honoured",
    },
    "phi4_multimodal": {
        "base": "block",
        "partial": "honoured",
    },
    "phimoe": {
        "base": "block",
        "partial": "ignored",
        "width": "head_dim",
    },
    "pi05": {
        "base": "block",
        "l0": "top",
        "partial": "ignored",
        "scaling": "honoured",
        "width": "head_dim",
    },
    "pocket_tts": {
        "base": "block",
        "l0": "top",
        "partial": "ignored",
        "scaling": "honoured",
        "width": "head_dim",
    },
    "pocket_tts_audio_tokenizer": {
        "base": "block",
        "l0": "top",
        "partial": "ignored",
        "scaling": "honoured",
        "width": "head_dim",
    },
    "qwen2": {
        "base": "block",
        "l0": "top",
        "partial": "ignored",
        "scaling": "honoured",
        "width": "head_dim",
    },
    "qwen2_5_omni": {
        "base": "block",
        "l0": "top",
        "partial": "ignored",
        "scaling": "honoured",
        "width": "head_dim",
    },
    "qwen2_5_vl": {
        "base": "block",
        "l0": "top",
        "partial": "ignored",
        "scaling": "honoured",
        "width": "head_dim",
    },
    "qwen2_moe": {
        "base": "block",
        "l0": "top",
        "partial": "ignored",
        "scaling": "honoured",
        "width": "head_dim",
    },
    "qwen2_vl": {
        "base": "block",
        "l0": "top",
        "partial": "ignored",
        "scaling": "honoured",
        "width": "head_dim",
    },
    "qwen3": {
        "base": "block",
        "l0": "top",
        "partial": "ignored",
        "scaling": "honoured",
        "width": "head_dim",
    },
    "qwen3_5": {
        "base": "block",
        "l0": "top",
        "partial": "honoured",
        "partial default": 0.25,
        "scaling": "honoured",
    },
    "qwen3_5_moe": {
        "base": "block",
        "l0": "top",
        "partial": "honoured",
        "partial default": 0.25,
        "scaling": "honoured",
    },
    "qwen3_moe": {
        "base": "block",
        "l0": "top",
        "partial": "ignored",
        "scaling": "honoured",
        "width": "head_dim",
    },
    "qwen3_next": {
        "base": "block",
        "l0": "top",
        "partial": "honoured",
        "partial default": 0.25,
        "scaling": "honoured",
    },
    "qwen3_omni_moe": {
        "base": "block",
        "partial": "ignored",
        "scaling": "honoured",
        "width": None,
    },
    "qwen3_vl": {
        "base": "block",
        "l0": "top",
        "partial": "ignored",
        "scaling": "honoured",
        "width": "head_dim",
    },
    "qwen3_vl_moe": {
        "base": "block",
        "l0": "top",
        "partial": "ignored",
        "scaling": "honoured",
        "width": "head_dim",
    },
    "qwen4_exp": {
        "base": "block",
        "l0": "top",
        "partial": "honoured",
        "scaling": "honoured",
    },
    "recurrent_gemma": {
        "base": "block",
        "partial": "honoured",
        "partial default": 0.5,
        "scaling": "refused",
    },
    "seed_oss": {
        "base": "block",
        "l0": "top",
        "partial": "ignored",
        "scaling": "honoured",
        "width": "head_dim",
    },
    "smollm3": {
        "base": "block",
        "l0": "top",
        "partial": "ignored",
        "scaling": "honoured",
        "width": "head_dim",
    },
    "solar_open": {
        "base": "block",
        "l0": "top",
        "partial": "honoured",
        "scaling": "honoured",
    },
    "stablelm": {
        "base": "block",
        "l0": "top",
        "partial": "honoured",
        "partial default": 0.25,
        "scaling": "honoured",
    },
    "starcoder2": {
        "base": "block",
        "l0": "top",
        "partial": "ignored",
        "scaling": "honoured",
        "width": "head_dim",
    },
    "step3p7": {
        "base": "block",
        "l0": "block",
        "partial": "honoured",
        "scaling": "honoured",
    },
    "t5gemma": {
        "base": "block",
        "l0": "top",
        "partial": "ignored",
        "scaling": "honoured",
        "width": "head_dim",
    },
    "t5gemma2": {
        "base": "block",
        "l0": "block",
        "partial": "ignored",
        "scaling": "honoured",
        "width": "head_dim",
    },
    "timesfm2_5": {
        "base": "block",
        "l0": "top",
        "partial": "ignored",
        "scaling": "honoured",
        "width": "head_dim",
    },
    "ultrabert": {
        "base": "block",
        "l0": "block",
        "partial": "ignored",
        "scaling": "honoured",
        "width": "head_dim",
    },
    "unlimited_ocr": {
        "base": "block",
        "l0": "top",
        "partial": "ignored",
        "scaling": "honoured",
        "width": "head_dim",
    },
    "vaultgemma": {
        "base": "block",
        "l0": "top",
        "partial": "ignored",
        "scaling": "honoured",
        "width": "head_dim",
    },
    "voxtral_realtime": {
        "base": "block",
        "l0": "top",
        "partial": "ignored",
        "scaling": "honoured",
        "width": "head_dim",
    },
    "xcodec2": {
        "base": "block",
        "l0": "top",
        "partial": "ignored",
        "scaling": "honoured",
        "width": "head_dim",
    },
    "youtu": {
        "base": "block",
        "l0": "top",
        "partial": "ignored",
        "scaling": "honoured",
        "width": "head_dim",
    },
    "zamba2": {
        "base": "block",
        "l0": "top",
        "partial": "ignored",
        "scaling": "honoured",
        "width": "attention_head_dim",
    },
    "zaya": {
        "base": "block",
        "l0": "block",
        "partial": "honoured",
        "scaling": "honoured",
    },
}

COMPOSITE: dict[str, dict[str, dict[str, object]]] = {
    "glmasr": {
        "text_config": {
            "hidden_size": 2048,
            "max_position_embeddings": 8192,
            "num_attention_heads": 16,
            "rope_parameters": {
                "rope_theta": 10000.0,
                "rope_type": "default",
            },
        },
    },
    "pe_audio": {
        "text_config": {
            "hidden_size": 1024,
            "num_attention_heads": 16,
        },
    },
    "pe_audio_video": {
        "text_config": {
            "hidden_size": 1024,
            "num_attention_heads": 16,
        },
    },
    "pe_video": {
        "text_config": {
            "hidden_size": 1024,
            "num_attention_heads": 16,
        },
    },
    "voxtral_realtime": {
        "text_config": {
            "head_dim": 128,
            "hidden_size": 3072,
            "max_position_embeddings": 131072,
            "num_attention_heads": 32,
            "rope_theta": 1000000.0,
        },
    },
}

CONDITIONAL: dict[str, dict[str, dict[str, object]]] = {
    "dots3_note_text": {
        "head_dim": {
            "value": 256,
            "when": {
                "num_attention_heads": 128,
            },
        },
        "index_head_dim": {
            "value": 128,
            "when": {
                "num_attention_heads": 128,
            },
        },
        "qk_nope_head_dim": {
            "value": 128,
            "when": {
                "num_attention_heads": 128,
            },
        },
        "qk_rope_head_dim": {
            "value": 64,
            "when": {
                "num_attention_heads": 128,
            },
        },
        "v_head_dim": {
            "value": 128,
            "when": {
                "num_attention_heads": 128,
            },
        },
    },
    "glm5_next_text": {
        "head_dim": {
            "value": 0,
            "when": {
                "num_attention_heads": 64,
                "qk_rope_head_dim": 0,
            },
        },
        "index_head_dim": {
            "value": 128,
            "when": {
                "num_attention_heads": 64,
                "qk_rope_head_dim": 0,
            },
        },
        "linear_head_dim": {
            "value": 128,
            "when": {
                "num_attention_heads": 64,
                "qk_rope_head_dim": 0,
            },
        },
        "qk_head_dim": {
            "value": 256,
            "when": {
                "num_attention_heads": 64,
                "qk_rope_head_dim": 0,
            },
        },
        "qk_nope_head_dim": {
            "value": 256,
            "when": {
                "num_attention_heads": 64,
                "qk_rope_head_dim": 0,
            },
        },
        "qk_rope_head_dim": {
            "value": 0,
            "when": {
                "num_attention_heads": 64,
            },
        },
        "v_head_dim": {
            "value": 256,
            "when": {
                "num_attention_heads": 64,
                "qk_rope_head_dim": 0,
            },
        },
    },
    "hy_v4_vl_text": {
        "head_dim": {
            "value": 64,
            "when": {
                "qk_rope_head_dim": 64,
            },
        },
        "index_head_dim": {
            "value": 128,
            "when": {
                "qk_rope_head_dim": 64,
            },
        },
        "qk_head_dim": {
            "value": 256,
            "when": {
                "qk_rope_head_dim": 64,
            },
        },
        "qk_nope_head_dim": {
            "value": 192,
            "when": {
                "qk_rope_head_dim": 64,
            },
        },
        "v_head_dim": {
            "value": 256,
            "when": {
                "qk_rope_head_dim": 64,
            },
        },
    },
}
