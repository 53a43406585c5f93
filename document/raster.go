package document

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/gif"
	"image/jpeg"
	"image/png"

	"golang.org/x/image/bmp"
	"golang.org/x/image/webp"
)

// rasterCodec is the pair of decoders for one single-image format.
type rasterCodec struct {
	config func([]byte) (image.Config, error)
	decode func([]byte) (image.Image, error)
	meta   func([]byte) imageMeta
}

func noMeta([]byte) imageMeta { return imageMeta{orient: 1} }

// rasterCodecFor returns the codec for a single-image media type.
func rasterCodecFor(mediaType string) (rasterCodec, bool) {
	switch mediaType {
	case TypePNG:
		return rasterCodec{
			config: func(b []byte) (image.Config, error) { return png.DecodeConfig(bytes.NewReader(b)) },
			decode: func(b []byte) (image.Image, error) { return png.Decode(bytes.NewReader(b)) },
			meta:   pngMeta,
		}, true
	case TypeJPEG:
		return rasterCodec{
			config: func(b []byte) (image.Config, error) { return jpeg.DecodeConfig(bytes.NewReader(b)) },
			decode: func(b []byte) (image.Image, error) { return jpeg.Decode(bytes.NewReader(b)) },
			meta:   jpegMeta,
		}, true
	case TypeGIF:
		return rasterCodec{
			config: func(b []byte) (image.Config, error) { return gif.DecodeConfig(bytes.NewReader(b)) },
			// gif.Decode stops after the first frame, which is the page.
			decode: func(b []byte) (image.Image, error) { return gif.Decode(bytes.NewReader(b)) },
			meta:   noMeta,
		}, true
	case TypeBMP:
		return rasterCodec{
			config: func(b []byte) (image.Config, error) { return bmp.DecodeConfig(bytes.NewReader(b)) },
			decode: func(b []byte) (image.Image, error) { return bmp.Decode(bytes.NewReader(b)) },
			meta:   bmpMeta,
		}, true
	case TypeWebP:
		return rasterCodec{
			config: func(b []byte) (image.Config, error) { return webp.DecodeConfig(bytes.NewReader(b)) },
			decode: func(b []byte) (image.Image, error) { return webp.Decode(bytes.NewReader(b)) },
			meta:   noMeta,
		}, true
	}
	return rasterCodec{}, false
}

// rasterSource is a single-image file: one page, decoded on demand.
type rasterSource struct {
	data   []byte
	codec  rasterCodec
	meta   imageMeta
	w, h   int // stored size, before orientation
	limits Limits
}

func openRaster(data []byte, mediaType string, limits Limits) (*rasterSource, error) {
	codec, ok := rasterCodecFor(mediaType)
	if !ok {
		return nil, fmt.Errorf("%s: %w", mediaType, ErrUnsupportedType)
	}
	var cfg image.Config
	err := guard(func() (err error) {
		cfg, err = codec.config(data)
		return err
	})
	if err != nil {
		return nil, corrupt("read image header", err)
	}
	if err := limits.checkPixels(int64(cfg.Width), int64(cfg.Height)); err != nil {
		return nil, err
	}
	var meta imageMeta
	// Metadata only refines the page; a panic reading it must not lose the page.
	_ = guard(func() error { meta = codec.meta(data); return nil })
	if meta.orient == 0 {
		meta.orient = 1
	}
	return &rasterSource{data: data, codec: codec, meta: meta, w: cfg.Width, h: cfg.Height, limits: limits}, nil
}

func (s *rasterSource) numPages() int { return 1 }

func (s *rasterSource) page(_ context.Context, n int) (*Page, error) {
	w, h := s.meta.orient.uprightSize(s.w, s.h)
	return &Page{Number: n, Scan: true, Width: float64(w), Height: float64(h)}, nil
}

func (s *rasterSource) image(_ context.Context, _ int) (image.Image, float64, error) {
	var img image.Image
	err := guard(func() (err error) {
		img, err = s.codec.decode(s.data)
		return err
	})
	if err != nil {
		return nil, 0, corrupt("decode image", err)
	}
	return applyOrientation(img, s.meta.orient), s.meta.dpi, nil
}

func (s *rasterSource) close() error { return nil }
